#!/usr/bin/env python3
"""One GPU device call of the ExperimentHarness device kit (scripts/device-kit builds the kit; this file travels in it).

Steps, each recorded in $OUT/driver.json (rewritten after every step, so a kill keeps what finished) with its command,
exit code, seconds, output tail and error; a failing step never stops the next one:
  facts          GPU and driver (nvidia-smi), torch version and lib folder, CUDA, glibc, libstdc++'s newest GLIBCXX,
                 g++/cmake/nvcc, CPUs, memory
  dlopen-a       the kit's libLibTorchSharp.so opened with RTLD_NOW against this libtorch (names a missing symbol)
  probe-a        the harness with the kit's libLibTorchSharp.so (TorchSharp 0.107, built for libtorch 2.10) against this
                 machine's libtorch: the llama parity fixture on the CPU, float32
  build-b, probe-b   (route b, when asked or when dlopen-a or probe-a failed) scripts/build-libtorchsharp against
                 this machine's torch headers (or --libtorchsharp, built by an earlier call), then the same probe; the
                 library is kept in $OUT/route-b/ to carry next time
  parity-*       every parity fixture on --device in float32 and bfloat16, bounds of the CPU parity tests
  init-model     the harness writes the random-initialised --preset checkpoint (Hugging Face format)
  decode         bench --decode-batches 1,32 in bf16 with transformers generate as its reference command on the same
                 checkpoint, interleaved (prefill and decode rates, the ratios, the same-run matmul ceiling)
  transformers   scripts/bench-transformers.py: transformers `generate` on that checkpoint, same prompts count, tokens,
                 batches (run first: its time is the more predictable)
  bench          the harness `bench` on it (--device, bfloat16 on CUDA)
Each step gets at most what is left of --budget seconds (default 420, inside an 8-minute call).

Usage: device-driver [--out DIR] [--device cuda|cpu] [--route auto|a|b] [--libtorchsharp FILE] [--torch-lib DIR]
                     [--budget S] [--preset 1b] [--prompts 16] [--tokens 64] [--prompt-tokens 37]
"""
import argparse
import glob
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

KIT = os.path.dirname(os.path.abspath(__file__))
TAIL = 4000


class Driver:
    def __init__(self, args):
        self.args = args
        self.started = time.monotonic()
        os.makedirs(args.out, exist_ok=True)
        self.record = {"kit": KIT, "out": os.path.abspath(args.out), "argv": sys.argv[1:],
                       "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "steps": []}
        self.save()

    def left(self):
        return self.args.budget - (time.monotonic() - self.started)

    def save(self):
        path = os.path.join(self.args.out, "driver.json")
        with open(path + ".tmp", "w") as f:
            json.dump(self.record, f, indent=2)
        os.replace(path + ".tmp", path)

    def run(self, name, cmd, limit, env=None, minimum=10, parse=None):
        """Runs one step as a subprocess within min(limit, time left); records it whatever happens."""
        step = {"name": name, "cmd": cmd}
        timeout = min(limit, self.left() - 5)
        if timeout < minimum:
            step.update(status="skipped", error=f"only {self.left():.0f} s of the budget left")
            return self._done(step)
        start = time.monotonic()
        try:
            proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
            output = proc.stdout.decode("utf-8", "replace")
            step.update(rc=proc.returncode, status="ok" if proc.returncode == 0 else "failed")
            if proc.returncode != 0:
                step["error"] = last_line(output) or f"exit code {proc.returncode}"
        except subprocess.TimeoutExpired as e:
            output = (e.stdout or b"").decode("utf-8", "replace")
            step.update(status="timeout", error=f"stopped after {timeout:.0f} s")
        except OSError as e:
            output = ""
            step.update(status="failed", error=f"{type(e).__name__}: {e}")
        step["seconds"] = round(time.monotonic() - start, 2)
        step["output_tail"] = output[-TAIL:]
        if parse is not None:
            try:
                step["parsed"] = parse(output)
            except Exception as e:   # a parse problem is recorded, never fatal
                step["parse_error"] = f"{type(e).__name__}: {e}"
        return self._done(step)

    def note(self, name, status, **fields):
        return self._done({"name": name, "status": status, **fields})

    def _done(self, step):
        self.record["steps"].append(step)
        self.save()
        print(f"[{time.monotonic() - self.started:6.1f} s] {step['name']}: {step['status']}"
              + (f" ({step['error']})" if step.get("error") else ""), flush=True)
        return step


def last_line(text):
    """The step's error in one line: its first error-looking lines (a .NET trace ends in noise), else its last line."""
    lines = [l.strip() for l in text.strip().splitlines() if l.strip() and not l.startswith("   at ")]
    errors = [l for l in lines if re.search(r"error|exception|failed|fatal", l, re.I) and "End of inner exception" not in l]
    return " | ".join(errors[:2])[:500] if errors else (lines[-1][:500] if lines else "")


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30).stdout.decode("utf-8", "replace").strip()
    except Exception as e:
        return f"{type(e).__name__}: {e}"


def facts(python):
    f = {"python": python, "platform": platform.platform(), "cpus": os.cpu_count(),
         "glibc": " ".join(platform.libc_ver()), "ldd": sh("ldd --version | head -1"),
         "memory": sh("free -g | sed -n 2p"), "disk_tmp": sh("df -h /tmp | tail -1"),
         "nvidia_smi": sh("nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader"),
         "cuda_driver": sh("nvidia-smi | grep -o 'CUDA Version: [0-9.]*'"),
         # .NET's SHA-256 (checkpoint hashes) needs the system OpenSSL
         "libssl": sh("ldconfig -p | grep -o 'libssl.so[.0-9]*' | sort -u | tr '\\n' ' '")}
    for tool in ("g++", "gcc", "cmake", "nvcc", "ninja", "make"):
        f[tool] = sh(f"{tool} --version | head -1") if shutil.which(tool) else None
    probe = ("import json,os,torch;d=os.path.dirname(torch.__file__);print(json.dumps({'torch':torch.__version__,"
             "'cuda':torch.version.cuda,'cudnn':torch.backends.cudnn.version(),'cuda_available':torch.cuda.is_available(),"
             "'torch_dir':d,'torch_lib':d+'/lib','cxx11_abi':bool(torch._C._GLIBCXX_USE_CXX11_ABI),"
             "'headers':os.path.isfile(d+'/include/torch/csrc/api/include/torch/torch.h')}))")
    out = sh(f"{python} -c \"{probe}\"")
    try:
        f["torch"] = json.loads(out.splitlines()[-1])
    except (ValueError, IndexError):
        f["torch"] = {"error": out[-1000:]}
    f["transformers"] = sh(f"{python} -c 'import transformers;print(transformers.__version__)'")
    libstdcxx = sh("ldconfig -p | grep -m1 'libstdc++.so.6 ' | sed 's/.*=> //'")
    if os.path.isfile(libstdcxx):
        versions = sorted(set(re.findall(r"GLIBCXX_3\.4\.(\d+)", sh(f"strings {libstdcxx} | grep GLIBCXX_3"))), key=int)
        f["libstdcxx"] = {"path": libstdcxx, "newest": f"GLIBCXX_3.4.{versions[-1]}" if versions else None}
    return f


def harness_env(torch_lib, cache):
    """LD_LIBRARY_PATH is how TorchSharp finds libtorch here: it dlopens torch_cpu/torch_cuda and LibTorchSharp by name
    (app folder first, then the loader's path); pip's CUDA libraries sit in site-packages/nvidia/*/lib."""
    env = dict(os.environ)
    nvidia = sorted(glob.glob(os.path.join(os.path.dirname(os.path.dirname(torch_lib)), "nvidia", "*", "lib")))
    env["LD_LIBRARY_PATH"] = ":".join([torch_lib, *nvidia, *filter(None, [env.get("LD_LIBRARY_PATH")])])
    env["EH_CACHE"] = cache
    env.setdefault("DOTNET_gcServer", "0")
    return env


BENCH_LINE = re.compile(r"^(?P<label>.+?)\s+(?P<tokens>\d+) tokens in\s+(?P<seconds>[\d.]+) s =\s+(?P<rate>[\d.]+) tokens/s", re.M)


def parse_bench(output):
    return [{"label": m["label"].strip(), "tokens": int(m["tokens"]), "seconds": float(m["seconds"]),
             "tokens_per_second": float(m["rate"])} for m in BENCH_LINE.finditer(output)]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default=os.environ.get("OUT") or os.path.join(os.getcwd(), "device-out"))
    p.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    p.add_argument("--route", default="auto", choices=["auto", "a", "b"])
    p.add_argument("--torch-lib", help="libtorch's lib folder (default: the Python torch's lib folder)")
    p.add_argument("--libtorchsharp", help="route b with this already-built libLibTorchSharp.so (an earlier call's route-b/)")
    p.add_argument("--python", default=shutil.which("python3") or shutil.which("python") or "python3")
    p.add_argument("--budget", type=float, default=420)
    p.add_argument("--preset", default="1b")
    p.add_argument("--prompts", type=int, default=16)
    p.add_argument("--tokens", type=int, default=64)
    p.add_argument("--prompt-tokens", type=int, default=37)   # see bench-transformers.py
    p.add_argument("--transformers-device", help="device for transformers (default: --device)")
    args = p.parse_args()
    d = Driver(args)

    f = facts(args.python)
    d.note("facts", "ok" if "error" not in f.get("torch", {}) else "partial", facts=f)
    torch_info = f.get("torch", {})
    torch_lib = args.torch_lib or torch_info.get("torch_lib")
    if not torch_lib or not os.path.isdir(torch_lib):
        d.note("torch-lib", "failed", error=f"no libtorch lib folder (given: {args.torch_lib}; Python torch: {torch_info})")
        torch_lib = None
    scratch = tempfile.mkdtemp(prefix="eh-device-")
    cache = os.path.join(scratch, "cache")
    exe_a = os.path.join(KIT, "bin", "ExperimentHarness")
    fixtures = os.path.join(KIT, "fixtures")
    dtype = "bfloat16" if args.device == "cuda" else "float32"

    def probe(name, exe):
        # The linker's own verdict first (all symbols bound now, as TorchSharp's lazy load would not): when the library
        # does not fit this libtorch, this names the missing symbol where .NET reports only a failed load.
        lib = os.path.join(os.path.dirname(exe), "libLibTorchSharp.so")
        linked = d.run(f"dlopen-{name[-1]}", [args.python, "-c", f"import ctypes,os; ctypes.CDLL({lib!r}, mode=os.RTLD_NOW | os.RTLD_GLOBAL); print('loaded', {lib!r})"],
              30, env=harness_env(torch_lib, cache))
        loaded = d.run(name, [exe, "parity", "--fixtures", os.path.join(fixtures, "llama"), "--device", "cpu", "--dtype", "float32"],
                       90, env=harness_env(torch_lib, cache))
        # A symbol missing under RTLD_NOW would, under .NET's lazy binding, end the process at its first call later on.
        return linked["status"] == "ok" and loaded["status"] == "ok"

    exe = None
    if torch_lib:
        d.run("version", [exe_a, "version"], 30, env=harness_env(torch_lib, cache))
        if args.route in ("auto", "a") and probe("probe-a", exe_a):
            exe = exe_a
        if exe is None and args.route in ("auto", "b"):
            built = os.path.join(args.out, "route-b")
            if args.libtorchsharp:   # built by an earlier call (its $OUT/route-b), carried back in
                os.makedirs(built, exist_ok=True)
                shutil.copy2(args.libtorchsharp, os.path.join(built, "libLibTorchSharp.so"))
                step = d.note("build-b", "ok", prebuilt=os.path.abspath(args.libtorchsharp))
            else:
                torch_dir = torch_info.get("torch_dir") or os.path.dirname(torch_lib)
                step = d.run("build-b", [os.path.join(KIT, "build-libtorchsharp"), torch_dir,
                                         os.path.join(KIT, "torchsharp-native", "src", "Native"), built], 300, minimum=60)
            if step["status"] == "ok":
                # its own app folder: .NET looks for LibTorchSharp beside the executable before the loader's path
                bin_b = os.path.join(scratch, "bin-b")
                shutil.copytree(os.path.join(KIT, "bin"), bin_b)
                shutil.copy2(os.path.join(built, "libLibTorchSharp.so"), os.path.join(bin_b, "libLibTorchSharp.so"))
                if probe("probe-b", os.path.join(bin_b, "ExperimentHarness")):
                    exe = os.path.join(bin_b, "ExperimentHarness")
    d.record["route"] = None if exe is None else ("a" if exe == exe_a else "b")
    d.save()

    model = os.path.join(cache, "models", f"llama-{args.preset}-seed0")
    env = harness_env(torch_lib, cache) if torch_lib else None
    if exe is None:
        d.note("harness", "skipped", error="no route loaded the harness against this libtorch (see probe-a / build-b / probe-b)")
    else:
        for dt, limit in (("float32", 120), ("bfloat16", 90)):
            d.run(f"parity-{args.device}-{dt}", [exe, "parity", "--fixtures", fixtures, "--device", args.device, "--dtype", dt,
                                                 "--json", os.path.join(args.out, f"parity-{args.device}-{dt}.json")], limit, env=env)
        d.run("init-model", [exe, "models", "init", "--arch", "llama", "--preset", args.preset, "--seed", "0", "--out", model], 150, env=env)

    tdev = args.transformers_device or args.device
    # The GPU targets first: bench --decode-batches runs transformers generate as its reference command on the same
    # checkpoint, interleaved, batch 1 and 32, 64-token prompts, 128 new tokens, bf16; both sides split prefill from decode.
    if exe is not None and tdev == args.device:
        reference = f"{args.python} {os.path.join(KIT, 'bench-transformers.py')} --device {tdev}"
        d.run("decode", [exe, "bench", "--preset", args.preset, "--device", args.device,
                         "--dtype", "bfloat16" if args.device == "cuda" else "float32", "--decode-batches", "1,32",
                         "--decode-prompt", "64", "--tokens", "128", "--long-context", "0", "--repeats", "2",
                         "--reference", reference], 180, env=env, minimum=60)

    # transformers before the harness's bench: its time is the more predictable, so the baseline is not starved when
    # bench runs long; with no harness checkpoint it measures a random model of the same shape (and says so).
    d.run("transformers", [args.python, os.path.join(KIT, "bench-transformers.py"), "--model", model, "--device", tdev,
                           "--dtype", "bfloat16" if tdev == "cuda" else "float32", "--prompts", str(args.prompts),
                           "--tokens", str(args.tokens), "--prompt-tokens", str(args.prompt_tokens), "--batches", "1,8",
                           "--json", os.path.join(args.out, "transformers.json"), "--init-if-missing"], 150, minimum=30)
    if exe is not None:
        d.run("bench", [exe, "bench", "--preset", args.preset, "--device", args.device, "--prompts", str(args.prompts),
                        "--tokens", str(args.tokens)], 240, env=env, minimum=30, parse=parse_bench)
    d.record["seconds"] = round(time.monotonic() - d.started, 1)
    d.save()
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
