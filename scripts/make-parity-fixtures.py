#!/usr/bin/env python3
"""Model parity fixtures made with Hugging Face transformers, for the C# parity tests.

For each case (llama as SmolLM2 is laid out, llama with Llama 3 rope scaling, qwen2, gpt_neox) this creates
a tiny random-initialised model with transformers itself (fixed seed), saves it with save_pretrained next
to the matching tokenizer.json from the tokenizer fixtures, and records for the fixed prompts (they and
their ids as Hugging Face tokenizers made them are read from hf-ids.json): the input ids, the
final-position logits and a greedy continuation. The gpt_neox checkpoint is saved in shards
(model.safetensors.index.json); the qwen2 one in bfloat16 (its reference logits come from the same
rounded weights run in float32).

Run scripts/parity/hf-tokenizer-fixtures.mjs first (it writes Parity/tokenizers/*).
Needs: python3 with torch, transformers, safetensors.
Usage: scripts/make-parity-fixtures.py [--out tests/ExperimentHarness.Tests/Models/Parity]
"""
import argparse, json, os, shutil

import torch
import transformers
from transformers import (GPTNeoXConfig, GPTNeoXForCausalLM, LlamaConfig, LlamaForCausalLM,
                          Qwen2Config, Qwen2ForCausalLM)

GREEDY_TOKENS = 12

# case name -> (tokenizer fixture variant, end-of-text token, begin-of-text token or None)
CASES = {
    "llama": ("smollm2", "<|endoftext|>", None),
    "llama3": ("llama3", "<|endoftext|>", "<|begin_of_text|>"),
    "qwen2": ("qwen2", "<|endoftext|>", None),
    "gpt_neox": ("gpt-neox", "<|endoftext|>", None),
}


def build(case, vocab, eos, bos):
    # vocab rounded up past the tokenizer's size, as published checkpoints pad theirs
    common = dict(vocab_size=(vocab + 63) // 64 * 64, hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
                  max_position_embeddings=4096, eos_token_id=eos, bos_token_id=bos if bos is not None else eos)
    if case == "llama":
        return LlamaForCausalLM(LlamaConfig(intermediate_size=128, num_key_value_heads=2, rms_norm_eps=1e-5,
                                            rope_theta=10000.0, tie_word_embeddings=True, hidden_act="silu", **common))
    if case == "llama3":
        scaling = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                   "original_max_position_embeddings": 64}
        return LlamaForCausalLM(LlamaConfig(intermediate_size=128, num_key_value_heads=1, rms_norm_eps=1e-5,
                                            rope_theta=500000.0, rope_scaling=scaling, tie_word_embeddings=True,
                                            hidden_act="silu", **common))
    if case == "qwen2":
        return Qwen2ForCausalLM(Qwen2Config(intermediate_size=128, num_key_value_heads=2, rms_norm_eps=1e-6,
                                            rope_theta=1000000.0, tie_word_embeddings=True, hidden_act="silu",
                                            use_sliding_window=False, **common))
    return GPTNeoXForCausalLM(GPTNeoXConfig(intermediate_size=256, rotary_pct=0.25, rotary_emb_base=10000,
                                            layer_norm_eps=1e-5, use_parallel_residual=True, hidden_act="gelu",
                                            tie_word_embeddings=False, **common))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "tests", "ExperimentHarness.Tests", "Models", "Parity"))
    args = parser.parse_args()
    for case, (variant, eos_token, bos_token) in CASES.items():
        tok_dir = os.path.join(args.out, "tokenizers", variant)
        with open(os.path.join(tok_dir, "tokenizer.json")) as f:
            tok = json.load(f)
        with open(os.path.join(tok_dir, "hf-ids.json")) as f:
            recorded = json.load(f)   # the prompts and, among the cases, their ids as HF tokenizers made them
        hf_ids = {c["text"]: c["ids"] for c in recorded["cases"]}
        ids_of = {a["content"]: a["id"] for a in tok["added_tokens"]}
        vocab = len(tok["model"]["vocab"]) + sum(1 for a in tok["added_tokens"] if a["content"] not in tok["model"]["vocab"])
        torch.manual_seed(1234)
        model = build(case, vocab, ids_of[eos_token], ids_of.get(bos_token)).to(torch.float32).eval()
        # non-trivial weights with logits of order 1: norm scales near 1 (not exactly 1), other weights wide enough
        for name, p in model.named_parameters():
            if p.dim() == 1 and "norm" in name and name.endswith("weight"):
                torch.nn.init.normal_(p, 1.0, 0.1)
            else:
                torch.nn.init.normal_(p, 0.0, 0.1 if p.dim() > 1 else 0.05)
        save_dtype = torch.bfloat16 if case == "qwen2" else torch.float32
        with torch.no_grad():   # round the weights only (not the rotary buffers); the reference runs them in float32
            for p in model.parameters():
                p.copy_(p.to(save_dtype).to(torch.float32))
        model.config.torch_dtype = save_dtype
        out = os.path.join(args.out, case)
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        state = {k: v.to(save_dtype) for k, v in model.state_dict().items()}
        model.save_pretrained(out, state_dict=state, safe_serialization=True,
                              max_shard_size="150KB" if case == "gpt_neox" else "50GB")
        shutil.copy(os.path.join(tok_dir, "tokenizer.json"), os.path.join(out, "tokenizer.json"))
        cases = []
        for prompt in recorded["prompts"]:
            ids = hf_ids[prompt]
            with torch.no_grad():
                logits = model(torch.tensor([ids])).logits[0, -1].tolist()
                greedy = model.generate(torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long),
                                        max_new_tokens=GREEDY_TOKENS, do_sample=False, eos_token_id=None,
                                        pad_token_id=ids_of[eos_token])[0, len(ids):].tolist()
            cases.append({"prompt": prompt, "input_ids": ids, "last_logits": logits, "greedy": greedy})
        fixture = {"case": case, "architecture": model.config.model_type, "tokenizer_variant": variant,
                   "saved_dtype": str(save_dtype).replace("torch.", ""), "transformers_seed": 1234,
                   "transformers_version": transformers.__version__, "torch_version": torch.__version__,
                   "attention": model.config._attn_implementation, "cases": cases}
        with open(os.path.join(out, "fixture.json"), "w") as f:
            json.dump(fixture, f)
        path = os.path.join(out, "generation_config.json")
        if os.path.exists(path):
            os.remove(path)
        print("wrote", out, sorted(os.listdir(out)))


if __name__ == "__main__":
    main()
