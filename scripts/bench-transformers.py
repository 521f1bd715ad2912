#!/usr/bin/env python3
"""transformers `generate` on the checkpoint the harness's `bench` wrote, for a side-by-side throughput figure.

Same weights (the harness-written Hugging Face-format folder, e.g. $EH_CACHE/models/llama-1b-seed0), same number of
prompts, new tokens and batch sizes as `bench`, greedy. Every completion is held to exactly --tokens new tokens
(min_new_tokens), so EOS never shortens a row; prompts are --prompt-tokens random ids (seeded, EOS excluded), all of one
length, so no row is padded. Reported rate: generated tokens / wall time of all generate calls of that batch size
(prefill included), the definition `bench` uses. Writes one JSON object to --json (and stdout).

When the folder does not exist (the harness could not write it), --init-if-missing builds a random Llama of the same
shape in transformers instead and says so in the JSON ("weights": "transformers random init").

With --batch B it is `bench --decode-batches`' reference command instead: one batch of B prompts, generated once to
the first token and once in full, and one JSON line with tokens_per_second (whole generation) and
decode_tokens_per_second (B * (tokens - 1) over the time after the first token), the split the harness makes.

Needs: python3 with torch and transformers (the GPU device has both).
Usage: scripts/bench-transformers.py --model DIR [--device cuda] [--dtype bfloat16] [--prompts 16] [--tokens 64]
                                     [--prompt-tokens 37] [--batches 1,8] [--json FILE] [--init-if-missing]
       scripts/harness bench --preset 1b --device cuda --dtype bfloat16 --decode-batches 1,32 --reference "python3 scripts/bench-transformers.py --device cuda"
"""
import argparse
import json
import os
import re
import sys
import time

# The harness's "1b" preset (src/ExperimentHarness/Models/ModelPreset.cs) as a transformers LlamaConfig, for
# --init-if-missing only; vocab is the harness BPE's size for 1792 merges (256 bytes + merges + <|endoftext|>).
PRESET_1B = dict(num_hidden_layers=16, hidden_size=2048, num_attention_heads=32, num_key_value_heads=8,
                 intermediate_size=8192, vocab_size=256 + 1792 + 1, tie_word_embeddings=True, rms_norm_eps=1e-5,
                 rope_theta=10000.0, max_position_embeddings=4096, hidden_act="silu")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True, help="Hugging Face-format checkpoint folder")
    p.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    p.add_argument("--dtype", default="bfloat16", choices=["bfloat16", "float32"])
    p.add_argument("--prompts", type=int, default=16)
    p.add_argument("--tokens", type=int, default=64, help="new tokens per completion")
    # bench's zero-shot arith prompts average 36.9 tokens under the base/1b tokenizer (590 tokens over 16 prompts)
    p.add_argument("--prompt-tokens", type=int, default=37)
    p.add_argument("--batches", default="1,8", help="comma-separated batch sizes")
    p.add_argument("--batch", type=int, help="bench --decode-batches' reference protocol: one batch of this many prompts, "
                                             "timed once to the first token and once in full; JSON with tokens_per_second "
                                             "and decode_tokens_per_second")
    p.add_argument("--threads", type=int, default=0, help="CPU threads for torch (0: leave torch's default)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", help="also write the result here")
    p.add_argument("--init-if-missing", action="store_true")
    args = p.parse_args(argv)
    batches = [int(b) for b in args.batches.split(",") if b.strip()]
    if not batches or min(batches) < 1 or args.prompts < 1 or args.tokens < 1 or args.prompt_tokens < 1:
        p.error("--prompts, --tokens, --prompt-tokens and every batch size must be at least 1")
    args.batches = batches
    if args.batch is not None and args.batch < 1:
        p.error("--batch must be at least 1")
    return args


def load_model(args, torch, transformers):
    dtype = getattr(torch, args.dtype)
    if os.path.isfile(os.path.join(args.model, "config.json")):
        # transformers 4.56 renamed torch_dtype to dtype; an older one would take dtype= as a config field and stay in
        # float32, hence the version check (and the cast below in any case)
        major, minor = (int(x) for x in re.findall(r"\d+", transformers.__version__)[:2])
        kw = "dtype" if (major, minor) >= (4, 56) else "torch_dtype"
        model = transformers.AutoModelForCausalLM.from_pretrained(args.model, attn_implementation="sdpa", **{kw: dtype})
        weights = "harness checkpoint " + os.path.abspath(args.model)
    elif args.init_if_missing:
        torch.manual_seed(args.seed)
        config = transformers.LlamaConfig(eos_token_id=PRESET_1B["vocab_size"] - 1, bos_token_id=PRESET_1B["vocab_size"] - 1,
                                          **PRESET_1B)
        model = transformers.LlamaForCausalLM(config).to(dtype)
        weights = "transformers random init (harness checkpoint missing)"
    else:
        raise SystemExit(f"bench-transformers: {args.model}/config.json not found (pass --init-if-missing to use random weights)")
    return model.to(args.device, dtype).eval(), weights


def make_prompts(args, torch, vocab, eos_ids):
    generator = torch.Generator().manual_seed(args.seed)
    ids = torch.randint(0, vocab, (args.prompts, args.prompt_tokens), generator=generator)
    for eos in eos_ids:   # replace EOS by a neighbour so no prompt carries one
        ids[ids == eos] = (eos + 1) % vocab
    return ids


def timed_generate(torch, model, batch, args, eos):
    kwargs = dict(max_new_tokens=args.tokens, min_new_tokens=args.tokens, do_sample=False, use_cache=True,
                  pad_token_id=eos, num_beams=1)
    if args.device == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    with torch.inference_mode():
        out = model.generate(input_ids=batch, attention_mask=torch.ones_like(batch), **kwargs)
    if args.device == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - start, int(out.shape[0] * (out.shape[1] - batch.shape[1]))


def one_case(torch, transformers, model, prompts, args, eos):
    """bench's reference protocol: the harness splits prefill from decode by a run that stops after the first token."""
    batch = prompts[:args.batch]
    timed_generate(torch, model, batch, argparse.Namespace(**{**vars(args), "tokens": 2}), eos)   # warm-up at these shapes
    first, _ = timed_generate(torch, model, batch, argparse.Namespace(**{**vars(args), "tokens": 1}), eos)
    seconds, tokens = timed_generate(torch, model, batch, args, eos)
    return {"tool": "transformers generate", "transformers": transformers.__version__, "torch": torch.__version__,
            "device": args.device, "dtype": args.dtype, "batch": args.batch, "prompt_tokens": args.prompt_tokens,
            "tokens": args.tokens, "seconds": round(seconds, 4), "first_token_seconds": round(first, 4),
            "tokens_per_second": round(tokens / seconds, 2),
            "decode_tokens_per_second": round(args.batch * (args.tokens - 1) / (seconds - first), 2) if args.tokens > 1 else None}


def main(argv):
    args = parse_args(argv)
    import torch
    import transformers
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    model, weights = load_model(args, torch, transformers)
    eos = model.config.eos_token_id
    eos_ids = eos if isinstance(eos, list) else [eos]
    if args.batch is not None:
        args.prompts = max(args.prompts, args.batch)
    prompts = make_prompts(args, torch, model.config.vocab_size, eos_ids).to(args.device)
    if args.batch is not None:
        write_result(json.dumps(one_case(torch, transformers, model, prompts, args, eos_ids[0])), args.json)
        return
    timed_generate(torch, model, prompts[:2], argparse.Namespace(**{**vars(args), "tokens": 4}), eos_ids[0])   # warm-up
    result = {
        "tool": "transformers generate",
        "transformers": transformers.__version__,
        "torch": torch.__version__,
        "device": args.device,
        "device_name": torch.cuda.get_device_name(0) if args.device == "cuda" else "cpu",
        "dtype": args.dtype,
        "threads": torch.get_num_threads(),
        "weights": weights,
        "parameters": sum(p.numel() for p in model.parameters()),
        "attention": getattr(model.config, "_attn_implementation", None),
        "prompts": args.prompts,
        "prompt_tokens": args.prompt_tokens,
        "new_tokens": args.tokens,
        "runs": [],
    }
    for b in args.batches:
        seconds, tokens = 0.0, 0
        for first in range(0, args.prompts, b):
            s, t = timed_generate(torch, model, prompts[first:first + b], args, eos_ids[0])
            seconds, tokens = seconds + s, tokens + t
        result["runs"].append({"batch": b, "tokens": tokens, "seconds": round(seconds, 4),
                               "tokens_per_second": round(tokens / seconds, 2)})
        print(f"batch {b}: {tokens} tokens in {seconds:.2f} s = {tokens / seconds:.1f} tokens/s", file=sys.stderr)
    if args.device == "cuda":
        result["peak_memory_gib"] = round(torch.cuda.max_memory_allocated() / 2**30, 3)
    write_result(json.dumps(result, indent=2), args.json)


def write_result(text, path):
    """Prints the result and, when asked, writes it whole (a temporary file renamed into place)."""
    if path:
        with open(path + ".tmp", "w") as f:
            f.write(text + "\n")
        os.replace(path + ".tmp", path)
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
