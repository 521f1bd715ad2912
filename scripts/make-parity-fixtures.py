#!/usr/bin/env python3
"""Parity fixtures made with Hugging Face transformers, for the C# parity tests.

For each architecture (llama, qwen2, gpt_neox) this creates a tiny random-initialised model with
transformers itself (fixed seed), saves it with save_pretrained (safetensors) next to a tokenizer.json
made by the harness (`scripts/harness models init`), and records for fixed prompts: the input ids, the
final-position logits and a greedy continuation. It also records the tokenizer's ids for a varied
text set. Output: tests/ExperimentHarness.Tests/Models/Parity/<arch>/ (config.json, model.safetensors,
tokenizer.json, fixture.json), a few hundred KB each.

Needs: python3 with torch, transformers, tokenizers, safetensors (e.g. the accelerator machine).
Usage: scripts/make-parity-fixtures.py --tokenizer DIR_WITH_tokenizer.json [--out DIR]
"""
import argparse, json, os, shutil

import torch
import transformers
from tokenizers import Tokenizer
from transformers import (GPTNeoXConfig, GPTNeoXForCausalLM, LlamaConfig, LlamaForCausalLM,
                          Qwen2Config, Qwen2ForCausalLM)

PROMPTS = [
    "Problem: Ada has 12 apples. Then 5 more apples are added. How many apples does Ada have now?\nAnswer:",
    "The answer is",
    "Problem: Ben has 40 stamps.\nAnswer: Ben starts with 40 stamps.",
]
TEXTS = [
    "Ada has 12 apples.", "Ünïcödé — naïve café, 日本語 🙂", "digits 1234567890 and 3.14159, -42",
    "  leading, double  spaces,\ttabs\n\nand new lines   ", "end<|endoftext|>start", "",
]


def build(arch, vocab, eos):
    common = dict(vocab_size=vocab, hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
                  max_position_embeddings=4096, eos_token_id=eos)
    if arch == "llama":
        cfg = LlamaConfig(intermediate_size=128, num_key_value_heads=2, rms_norm_eps=1e-5, rope_theta=10000.0,
                          tie_word_embeddings=True, hidden_act="silu", **common)
        return LlamaForCausalLM(cfg)
    if arch == "qwen2":
        cfg = Qwen2Config(intermediate_size=128, num_key_value_heads=2, rms_norm_eps=1e-6, rope_theta=1000000.0,
                          tie_word_embeddings=True, hidden_act="silu", use_sliding_window=False, **common)
        return Qwen2ForCausalLM(cfg)
    cfg = GPTNeoXConfig(intermediate_size=256, rotary_pct=0.25, rotary_emb_base=10000, layer_norm_eps=1e-5,
                        use_parallel_residual=True, hidden_act="gelu", tie_word_embeddings=False, bos_token_id=eos, **common)
    return GPTNeoXForCausalLM(cfg)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokenizer", required=True)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "tests", "ExperimentHarness.Tests", "Models", "Parity"))
    args = parser.parse_args()
    tok_path = os.path.join(args.tokenizer, "tokenizer.json")
    tokenizer = Tokenizer.from_file(tok_path)
    vocab = tokenizer.get_vocab_size(with_added_tokens=True)
    eos = tokenizer.token_to_id("<|endoftext|>")
    for arch in ["llama", "qwen2", "gpt_neox"]:
        torch.manual_seed(1234)
        model = build(arch, vocab, eos).to(torch.float32).eval()
        for p in model.parameters():   # visible, non-trivial weights (default inits leave norms at 1)
            torch.nn.init.normal_(p, 0.0, 0.05)
        out = os.path.join(args.out, arch)
        os.makedirs(out, exist_ok=True)
        model.save_pretrained(out, safe_serialization=True)
        shutil.copy(tok_path, os.path.join(out, "tokenizer.json"))
        cases = []
        for prompt in PROMPTS:
            ids = tokenizer.encode(prompt).ids
            with torch.no_grad():
                logits = model(torch.tensor([ids])).logits[0, -1].tolist()
                greedy = model.generate(torch.tensor([ids]), max_new_tokens=8, do_sample=False, eos_token_id=None,
                                        pad_token_id=eos)[0, len(ids):].tolist()
            cases.append({"prompt": prompt, "input_ids": ids, "last_logits": logits, "greedy": greedy})
        fixture = {"architecture": arch, "transformers_seed": 1234, "cases": cases,
                   "transformers_version": transformers.__version__, "torch_version": torch.__version__,
                   "tokenizer": [{"text": t, "ids": tokenizer.encode(t).ids} for t in TEXTS]}
        with open(os.path.join(out, "fixture.json"), "w") as f:
            json.dump(fixture, f)
        for extra in ["generation_config.json"]:
            path = os.path.join(out, extra)
            if os.path.exists(path):
                os.remove(path)
        print("wrote", out)


if __name__ == "__main__":
    main()
