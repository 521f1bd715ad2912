#!/usr/bin/python3
"""A lean PyTorch-eager Llama/Qwen2 decoder: the same-run baseline for the harness's `bench` decode throughput.

Runs where transformers cannot be installed (Debian's python3-torch is enough: no transformers, safetensors or
numpy needed). Reads the Hugging Face-format folder the harness writes (config.json + one model.safetensors in
F32, F16 or BF16), makes --batch rows of exactly --prompt-tokens random ids (seeded, EOS ids excluded, no
padding) and greedily decodes exactly --tokens new tokens per row, EOS ignored. The KV cache is preallocated to
prompt + new tokens and written in place; the prompt is prefilled in one forward, then each step feeds one token
per row. Reported rates: batch * tokens / wall time of prefill and all decode steps (load and warm-up excluded),
and the decode rate alone, batch * (tokens - 1) / wall time after the prefill's logits exist — the two definitions
`bench --decode-batches` uses. Prints one JSON line (and writes it to --json).

--check-fixture DIR... instead runs the transformers-made parity fixtures
(tests/ExperimentHarness.Tests/Models/Parity/{llama,llama3,qwen2}): final-position logits within 1e-4 and the
greedy continuation exactly, in float32 (in bfloat16: logits within 0.1, greedy agreement only reported).

Exit codes: 0 ok, 1 fixture mismatch, 3 bad input (one line on stderr naming the file, key or option).
Usage: scripts/bench-torch-reference.py --model DIR [--batch 1] [--prompt-tokens 64] [--tokens 128] [--threads 1]
                                        [--dtype float32|bfloat16] [--seed 0] [--repeats 1] [--json FILE]
       scripts/bench-torch-reference.py --check-fixture DIR [DIR...] [--dtype float32|bfloat16]
"""
import argparse
import json
import math
import os
import struct
import sys
import time

PROG = "bench-torch-reference"
MAX_HEADER_BYTES = 100_000_000


class InputError(Exception):
    """Bad input the user can fix: reported as one line, exit code 3."""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise InputError(f"options: {message}")


def parse_args(argv):
    p = Parser(prog=PROG, description=__doc__.split("\n\n")[0])
    p.add_argument("--model", help="Hugging Face-format checkpoint folder (llama or qwen2)")
    p.add_argument("--check-fixture", nargs="+", metavar="DIR", help="parity fixture folder(s) to check instead of timing")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--prompt-tokens", type=int, default=64)
    p.add_argument("--tokens", type=int, default=128, help="new tokens per row")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--dtype", default="float32", choices=["float32", "bfloat16"])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--repeats", type=int, default=1)
    p.add_argument("--json", help="also write the result here")
    args = p.parse_args(argv)
    if (args.model is None) == (args.check_fixture is None):
        p.error("give exactly one of --model DIR and --check-fixture DIR")
    for name in ("batch", "prompt_tokens", "tokens", "threads", "repeats"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1, got {getattr(args, name)}")
    if args.json and not os.path.isdir(os.path.dirname(os.path.abspath(args.json))):
        p.error(f"--json {args.json}: its folder does not exist")
    return args


# ---------------------------------------------------------------- config.json

def read_json(path):
    if not os.path.isfile(path):
        raise InputError(f"{path}: file not found")
    try:
        with open(path, encoding="utf-8") as f:
            value = json.load(f)
    except (ValueError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not valid JSON ({e})")
    if not isinstance(value, dict):
        raise InputError(f"{path}: expected a JSON object")
    return value


def read_config(folder):
    path = os.path.join(folder, "config.json")
    raw = read_json(path)

    def get(key, kind, default=None, required=True):
        value = raw.get(key)
        if value is None:
            if required and default is None:
                raise InputError(f"{path}: required key '{key}' is missing")
            return default
        # bool is an int subclass in Python; a size of `true` is still wrong
        if isinstance(value, bool) != (kind is bool) or not isinstance(value, kind):
            expected = {bool: "true or false", int: "a whole number", str: "a string"}.get(kind, "a number")
            raise InputError(f"{path}: key '{key}': expected {expected}, got {json.dumps(value)}")
        return value

    def size(key, default=None):
        value = get(key, int, default)
        if value < 1:
            raise InputError(f"{path}: key '{key}': expected a whole number >= 1, got {value}")
        return value

    model_type = get("model_type", str)
    if model_type not in ("llama", "qwen2"):
        raise InputError(f"{path}: model_type '{model_type}' is not supported (expected llama or qwen2)")
    if get("hidden_act", str) != "silu":
        raise InputError(f"{path}: hidden_act '{raw['hidden_act']}' is not supported (expected silu)")
    if get("mlp_bias", bool, required=False):
        raise InputError(f"{path}: mlp_bias=true is not supported")
    if model_type == "qwen2" and get("use_sliding_window", bool, required=False):
        raise InputError(f"{path}: use_sliding_window=true is not supported")
    hidden, heads = size("hidden_size"), size("num_attention_heads")
    kv_heads = size("num_key_value_heads", heads)
    if heads % kv_heads:
        raise InputError(f"{path}: key 'num_key_value_heads': {kv_heads} does not divide num_attention_heads {heads}")
    if raw.get("head_dim") is None and hidden % heads:
        raise InputError(f"{path}: key 'num_attention_heads': {heads} does not divide hidden_size {hidden} (and no head_dim)")
    head_dim = size("head_dim", hidden // heads)
    if head_dim % 2:
        raise InputError(f"{path}: key 'head_dim': {head_dim} is odd (rotary embeddings rotate pairs)")
    eos = raw.get("eos_token_id")
    eos_ids = [] if eos is None else eos if isinstance(eos, list) else [eos]
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in eos_ids):
        raise InputError(f"{path}: key 'eos_token_id': expected an integer or a list of integers")
    eps = get("rms_norm_eps", (int, float))
    theta, scaling = read_rope(raw, path)
    attention_bias = get("attention_bias", bool, required=False) or False
    return dict(path=path, model_type=model_type, layers=size("num_hidden_layers"), hidden=hidden, heads=heads,
                kv_heads=kv_heads, head_dim=head_dim, mlp=size("intermediate_size"), vocab=size("vocab_size"),
                tied=get("tie_word_embeddings", bool, required=False) or False, eps=float(eps), theta=theta,
                scaling=scaling, eos_ids=eos_ids,
                # Qwen2 always has q/k/v biases; Llama's attention_bias adds them to all four projections
                qkv_bias=model_type == "qwen2" or attention_bias, o_bias=model_type == "llama" and attention_bias)


def read_rope(raw, path):
    """rope_theta and the llama3 scaling, from transformers 4's rope_theta/rope_scaling or transformers 5's rope_parameters."""
    key = "rope_parameters" if raw.get("rope_parameters") is not None else "rope_scaling"
    scaling = raw.get(key)
    if scaling is not None and not isinstance(scaling, dict):
        raise InputError(f"{path}: key '{key}': expected an object")
    theta = raw.get("rope_theta")
    if key == "rope_parameters":
        theta = scaling.get("rope_theta", theta)
    theta = 10000.0 if theta is None else theta
    if isinstance(theta, bool) or not isinstance(theta, (int, float)) or theta <= 0:
        raise InputError(f"{path}: key 'rope_theta': expected a positive number, got {json.dumps(theta)}")
    if scaling is None:
        return float(theta), None
    kind = scaling.get("rope_type", scaling.get("type", "default"))
    if kind == "default" and key == "rope_parameters":
        return float(theta), None
    if kind != "llama3":
        raise InputError(f"{path}: key '{key}': rope type '{kind}' is not supported (only llama3 scaling)")
    values = {}
    for name in ("factor", "low_freq_factor", "high_freq_factor", "original_max_position_embeddings"):
        v = scaling.get(name)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0:
            raise InputError(f"{path}: key '{key}.{name}': expected a positive number, got {json.dumps(v)}")
        values[name] = float(v)
    if values["high_freq_factor"] <= values["low_freq_factor"]:
        raise InputError(f"{path}: key '{key}': high_freq_factor must exceed low_freq_factor")
    return float(theta), values


# ---------------------------------------------------------------- model.safetensors

def read_safetensors(path, torch, dtype):
    """name -> tensor (converted to dtype), parsed by hand: 8-byte little-endian header length, JSON header, raw data."""
    dtypes = {"F32": (torch.float32, 4), "F16": (torch.float16, 2), "BF16": (torch.bfloat16, 2)}
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise InputError(f"{path}: not a safetensors file (shorter than 8 bytes)")
    (header_len,) = struct.unpack("<Q", blob[:8])
    if header_len < 2 or header_len > MAX_HEADER_BYTES or 8 + header_len > len(blob):
        raise InputError(f"{path}: not a safetensors file or truncated (header length {header_len}, file {len(blob)} bytes)")
    try:
        header = json.loads(blob[8:8 + header_len].decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: malformed safetensors header ({e})")
    if not isinstance(header, dict):
        raise InputError(f"{path}: malformed safetensors header (expected a JSON object)")
    data = memoryview(blob)[8 + header_len:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        where = f"{path}: tensor '{name}'"
        if not isinstance(entry, dict) or entry.get("dtype") not in dtypes:
            got = entry.get("dtype") if isinstance(entry, dict) else entry
            raise InputError(f"{where}: dtype {json.dumps(got)} is not supported (expected F32, F16 or BF16)")
        shape, offsets = entry.get("shape"), entry.get("data_offsets")
        if (not isinstance(shape, list) or not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape)
                or not isinstance(offsets, list) or len(offsets) != 2
                or not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)):
            raise InputError(f"{where}: malformed shape or data_offsets")
        torch_dtype, item = dtypes[entry["dtype"]]
        begin, end = offsets
        count = math.prod(shape)
        if not 0 <= begin <= end <= len(data) or end - begin != count * item:
            raise InputError(f"{where}: data_offsets {offsets} do not hold {count} {entry['dtype']} values "
                             f"within the {len(data)}-byte data section")
        # bytearray copy: writable and aligned (the header length need not be a multiple of the element size)
        raw = torch.frombuffer(bytearray(data[begin:end]), dtype=torch_dtype) if count else torch.empty(0, dtype=torch_dtype)
        tensors[name] = raw.reshape(shape).to(dtype)
    return tensors


def load_weights(folder, cfg, torch, dtype):
    path = os.path.join(folder, "model.safetensors")
    if not os.path.isfile(path):
        if os.path.isfile(os.path.join(folder, "model.safetensors.index.json")):
            raise InputError(f"{folder}/model.safetensors.index.json: sharded checkpoints are not supported (one model.safetensors expected)")
        raise InputError(f"{path}: file not found")
    tensors = read_safetensors(path, torch, dtype)
    h, g, d, hid = cfg["heads"], cfg["kv_heads"], cfg["head_dim"], cfg["hidden"]
    expected = {"model.embed_tokens.weight": (cfg["vocab"], hid), "model.norm.weight": (hid,)}
    if not cfg["tied"]:
        expected["lm_head.weight"] = (cfg["vocab"], hid)
    for i in range(cfg["layers"]):
        p = f"model.layers.{i}."
        expected.update({
            p + "input_layernorm.weight": (hid,), p + "post_attention_layernorm.weight": (hid,),
            p + "self_attn.q_proj.weight": (h * d, hid), p + "self_attn.k_proj.weight": (g * d, hid),
            p + "self_attn.v_proj.weight": (g * d, hid), p + "self_attn.o_proj.weight": (hid, h * d),
            p + "mlp.gate_proj.weight": (cfg["mlp"], hid), p + "mlp.up_proj.weight": (cfg["mlp"], hid),
            p + "mlp.down_proj.weight": (hid, cfg["mlp"]),
        })
        if cfg["qkv_bias"]:
            expected.update({p + "self_attn.q_proj.bias": (h * d,), p + "self_attn.k_proj.bias": (g * d,),
                             p + "self_attn.v_proj.bias": (g * d,)})
        if cfg["o_bias"]:
            expected[p + "self_attn.o_proj.bias"] = (hid,)
    for name, shape in expected.items():
        if name not in tensors:
            raise InputError(f"{path}: tensor '{name}' is missing (config.json implies it)")
        if tuple(tensors[name].shape) != shape:
            raise InputError(f"{path}: tensor '{name}' has shape {list(tensors[name].shape)}, config.json implies {list(shape)}")
    # An unused tensor would mean this decoder computes something other than the checkpoint's model. Two are
    # knowingly unused, as transformers and the harness leave them: rotary buffers, and a saved copy of the head
    # when the embeddings are tied (the head is then the embedding matrix).
    ignored = lambda n: n.endswith("rotary_emb.inv_freq") or (cfg["tied"] and n == "lm_head.weight")
    extra = sorted(n for n in tensors if n not in expected and not ignored(n))
    if extra:
        raise InputError(f"{path}: unexpected tensor(s) {', '.join(extra[:5])} for this config")
    return tensors


# ---------------------------------------------------------------- the decoder

class Decoder:
    def __init__(self, cfg, weights, torch, dtype):
        self.cfg, self.w, self.torch, self.dtype = cfg, weights, torch, dtype
        self.F = torch.nn.functional
        self.head = weights["model.embed_tokens.weight"] if cfg["tied"] else weights["lm_head.weight"]
        self.inv_freq = torch.tensor(inverse_frequencies(cfg), dtype=torch.float32)
        self.sdpa = getattr(self.F, "scaled_dot_product_attention", None)

    def new_cache(self, batch, length):
        """Per layer one key and one value buffer (B, g, length, d), filled in place as positions are decoded."""
        c = self.cfg
        shape = (batch, c["kv_heads"], length, c["head_dim"])
        return [(self.torch.empty(shape, dtype=self.dtype), self.torch.empty(shape, dtype=self.dtype))
                for _ in range(c["layers"])]

    def rms_norm(self, x, weight):
        x32 = x.float()
        normed = x32 * self.torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + self.cfg["eps"])
        return weight * normed.to(x.dtype)

    def rope_tables(self, start, length):
        positions = self.torch.arange(start, start + length, dtype=self.torch.float32)
        angles = positions[:, None] * self.inv_freq[None, :]
        angles = self.torch.cat([angles, angles], dim=-1)                 # (T, d)
        return angles.cos().to(self.dtype), angles.sin().to(self.dtype)

    def rotate(self, x, cos, sin):
        """Rotate-half RoPE: the first and second halves of each head dimension are the (x, y) pairs."""
        half = x.shape[-1] // 2
        return x * cos + self.torch.cat([-x[..., half:], x[..., :half]], dim=-1) * sin

    def attend(self, q, keys, values, start):
        """q (B, h, T, d) at positions start..start+T-1; keys/values (B, g, start+T, d) -> (B, h, T, d)."""
        b, h, t, d = q.shape
        g = keys.shape[1]
        r = h // g
        # Query head i uses KV head i // r: folding the r heads of a group into the query axis,
        # (B, h, T, d) -> (B, g, r*T, d), attends without copying keys per head. Row j*T + s of a group is
        # query head j at position start + s, so the causal mask is the (T, S) mask tiled r times down.
        q = q.reshape(b, g, r * t, d)
        mask = None
        if t > 1:
            s = keys.shape[2]
            allowed = self.torch.arange(s)[None, :] <= self.torch.arange(start, start + t)[:, None]
            mask = allowed.repeat(r, 1)                                     # (r*T, S)
        if self.sdpa is not None:
            out = self.sdpa(q, keys, values, attn_mask=mask)
        else:
            scores = self.torch.matmul(q, keys.transpose(-1, -2)).float() * (1.0 / math.sqrt(d))
            if mask is not None:
                scores = scores.masked_fill(~mask, float("-inf"))
            out = self.torch.matmul(scores.softmax(-1).to(values.dtype), values)
        return out.reshape(b, h, t, d)

    def forward(self, tokens, start, cache):
        """tokens (B, T) at positions start..start+T-1 -> logits (B, vocab) of the last position."""
        F, c, w = self.F, self.cfg, self.w
        b, t = tokens.shape
        h, g, d = c["heads"], c["kv_heads"], c["head_dim"]
        cos, sin = self.rope_tables(start, t)
        x = F.embedding(tokens, w["model.embed_tokens.weight"])
        for i, (key_cache, value_cache) in enumerate(cache):
            p = f"model.layers.{i}."
            a = self.rms_norm(x, w[p + "input_layernorm.weight"])
            q = F.linear(a, w[p + "self_attn.q_proj.weight"], w.get(p + "self_attn.q_proj.bias")).view(b, t, h, d).transpose(1, 2)
            k = F.linear(a, w[p + "self_attn.k_proj.weight"], w.get(p + "self_attn.k_proj.bias")).view(b, t, g, d).transpose(1, 2)
            v = F.linear(a, w[p + "self_attn.v_proj.weight"], w.get(p + "self_attn.v_proj.bias")).view(b, t, g, d).transpose(1, 2)
            key_cache[:, :, start:start + t] = self.rotate(k, cos, sin)
            value_cache[:, :, start:start + t] = v
            o = self.attend(self.rotate(q, cos, sin), key_cache[:, :, :start + t], value_cache[:, :, :start + t], start)
            x = x + F.linear(o.transpose(1, 2).reshape(b, t, h * d), w[p + "self_attn.o_proj.weight"], w.get(p + "self_attn.o_proj.bias"))
            m = self.rms_norm(x, w[p + "post_attention_layernorm.weight"])
            gated = F.silu(F.linear(m, w[p + "mlp.gate_proj.weight"])) * F.linear(m, w[p + "mlp.up_proj.weight"])
            x = x + F.linear(gated, w[p + "mlp.down_proj.weight"])
        last = self.rms_norm(x[:, -1], w["model.norm.weight"])
        return F.linear(last, self.head)

    def greedy(self, prompts, new_tokens, prefilled=None):
        """prompts (B, P) -> (generated ids (B, N), logits after the prompt (B, vocab)); EOS does not stop a row.
        prefilled, when given, is called once the prompt's logits exist (the split between prefill and decode time)."""
        b, p = prompts.shape
        cache = self.new_cache(b, p + new_tokens)
        logits = self.forward(prompts, 0, cache)
        prompt_logits = logits
        if prefilled is not None:
            prefilled()
        out = self.torch.empty((b, new_tokens), dtype=self.torch.long)
        for step in range(new_tokens):
            out[:, step] = logits.argmax(-1)
            if step + 1 < new_tokens:
                logits = self.forward(out[:, step:step + 1], p + step, cache)
        return out, prompt_logits


def inverse_frequencies(cfg):
    """Rotary inverse frequencies (head_dim/2), with Llama 3's scaling: long wavelengths slowed by `factor`, a smooth band between."""
    d, s = cfg["head_dim"], cfg["scaling"]
    result = []
    for i in range(d // 2):
        f = 1.0 / cfg["theta"] ** (2 * i / d)
        if s is not None:
            wavelength = 2 * math.pi / f
            original = s["original_max_position_embeddings"]
            if wavelength > original / s["low_freq_factor"]:
                f = f / s["factor"]
            elif wavelength >= original / s["high_freq_factor"]:
                smooth = (original / wavelength - s["low_freq_factor"]) / (s["high_freq_factor"] - s["low_freq_factor"])
                f = (1 - smooth) * f / s["factor"] + smooth * f
        result.append(f)
    return result


# ---------------------------------------------------------------- modes

def make_prompts(torch, cfg, batch, length, seed):
    eos = set(cfg["eos_ids"])
    allowed = torch.tensor([i for i in range(cfg["vocab"]) if i not in eos], dtype=torch.long)
    if len(allowed) == 0:
        raise InputError(f"{cfg['path']}: every id of vocab_size {cfg['vocab']} is an eos_token_id")
    generator = torch.Generator().manual_seed(seed)
    return allowed[torch.randint(0, len(allowed), (batch, length), generator=generator)]


def bench(args, torch):
    dtype = getattr(torch, args.dtype)
    cfg = read_config(args.model)
    model = Decoder(cfg, load_weights(args.model, cfg, torch, dtype), torch, dtype)
    prompts = make_prompts(torch, cfg, args.batch, args.prompt_tokens, args.seed)
    seconds, decode_seconds, first = [], [], None
    with torch.inference_mode():
        model.greedy(prompts[:, :min(8, args.prompt_tokens)], 4)    # warm-up: allocator and kernels
        for _ in range(args.repeats):
            marks = []
            start = time.perf_counter()
            generated, _ = model.greedy(prompts, args.tokens, lambda: marks.append(time.perf_counter()))
            end = time.perf_counter()
            seconds.append(end - start)
            decode_seconds.append(end - marks[0])
            first = generated[0, :8].tolist() if first is None else first
    result = {
        "impl": "pytorch-eager-reference",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "dtype": args.dtype,
        "attention": "sdpa" if model.sdpa is not None else "matmul-softmax",
        "model": os.path.abspath(args.model),
        "batch": args.batch,
        "prompt_tokens": args.prompt_tokens,
        "tokens": args.tokens,
        "seconds": [round(s, 4) for s in seconds],
        "tokens_per_second": round(args.batch * args.tokens / min(seconds), 2),
        # the N-1 forwards after the prefill, each giving every row one token
        "decode_seconds": [round(s, 4) for s in decode_seconds],
        "decode_tokens_per_second": round(args.batch * (args.tokens - 1) / min(decode_seconds), 2) if args.tokens > 1 else None,
        "first_tokens": first,
    }
    line = json.dumps(result)
    if args.json:
        tmp = args.json + ".tmp"
        try:
            with open(tmp, "w") as f:
                f.write(line + "\n")
            os.replace(tmp, args.json)
        except OSError as e:
            raise InputError(f"{args.json}: cannot write the result ({e.strerror})")
    print(line)
    return 0


def check_fixtures(args, torch):
    dtype = getattr(torch, args.dtype)
    # the fixtures are transformers' float32 outputs; bfloat16 weights and activations are only expected near them
    tolerance = 1e-4 if args.dtype == "float32" else 0.1
    failures = 0
    for folder in args.check_fixture:
        cfg = read_config(folder)
        model = Decoder(cfg, load_weights(folder, cfg, torch, dtype), torch, dtype)
        fixture_path = os.path.join(folder, "fixture.json")
        cases = read_json(fixture_path).get("cases")
        if not isinstance(cases, list) or not cases:
            raise InputError(f"{fixture_path}: key 'cases': expected a non-empty list")
        for n, case in enumerate(cases):
            try:
                ids = torch.tensor([case["input_ids"]], dtype=torch.long)
                expected_logits = torch.tensor(case["last_logits"], dtype=torch.float32)
                expected_greedy = [int(t) for t in case["greedy"]]
            except (KeyError, TypeError, ValueError) as e:
                raise InputError(f"{fixture_path}: case {n}: expected input_ids, last_logits and greedy lists ({e})")
            with torch.inference_mode():
                generated, logits = model.greedy(ids, len(expected_greedy))
            diff = (logits[0].float() - expected_logits).abs().max().item()
            got = generated[0].tolist()
            agree = next((i for i, (a, e) in enumerate(zip(got, expected_greedy)) if a != e), len(got))
            ok = diff <= tolerance and (agree == len(got) or args.dtype != "float32")
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {os.path.basename(os.path.normpath(folder))} case {n}: max |logit diff| {diff:.3g} "
                  f"(tolerance {tolerance:g}), greedy {agree}/{len(got)} tokens equal")
    print(f"{PROG}: {'all cases match' if failures == 0 else f'{failures} case(s) differ'} ({args.dtype}, torch {torch.__version__})")
    return 1 if failures else 0


def main(argv):
    try:
        args = parse_args(argv)
        import torch
        torch.set_num_threads(args.threads)
        return check_fixtures(args, torch) if args.check_fixture else bench(args, torch)
    except InputError as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
