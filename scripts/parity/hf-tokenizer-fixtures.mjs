#!/usr/bin/env node
// Tokenizer parity fixtures made with Hugging Face's own tokenizers library (its Node bindings: the same
// Rust code the Python package wraps).
//
// From one byte-level BPE vocabulary made by the harness (`scripts/harness models init`), this writes
// tokenizer.json variants whose normaliser / pre-tokenizer / model options / added tokens / post-processor
// follow each model family's published tokenizer.json layout, then records what HF tokenizers makes of a
// varied text set: ids (special tokens added as the file says) and the decoded text (special tokens kept as
// text, the leading BOS left out), which is what the harness's Decode returns for generated ids.
//
// Usage: (cd scripts/parity && npm ci) && node scripts/parity/hf-tokenizer-fixtures.mjs --base DIR [--out DIR]
//        node scripts/parity/hf-tokenizer-fixtures.mjs --tokenizer NAME=FILE [--tokenizer ...] --out DIR [--texts FILE]
// The second form records any tokenizer.json as it is (a family's real file, say); --texts adds texts, one
// JSON value per line (a string, or an object whose string fields are texts, e.g. GSM8K's jsonl).
// Output: <out>/<variant>/tokenizer.json and <out>/<variant>/hf-ids.json; the test
// (TokenizerParityTests) reads another folder of them when EH_TOKENIZER_PARITY_DIR names it.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { Tokenizer } = require("tokenizers");
const tokenizersVersion = require("tokenizers/package.json").version;

// The model parity prompts (scripts/make-parity-fixtures.py reads them and their ids from hf-ids.json).
const PROMPTS = [
  "Problem: Ada has 12 apples. Then 5 more apples are added. How many apples does Ada have now?\nAnswer:",
  "The answer is",
  "Problem: Ben has 40 stamps.\nAnswer: Ben starts with 40 stamps.",
];

const TEXTS = [
  ...PROMPTS,
  "",
  "Ada has 12 apples.",
  "Ünïcödé — naïve café, 日本語の文章 🙂👍🏽",
  "decomposed e\u0301 and composed \u00e9; ligature \ufb01 and full-width \uff21\uff11",
  "digits 1234567890 and 3.14159, -42, 1,000,000 and 007",
  "  leading, double  spaces,\ttabs\n\nand new lines   ",
  "windows\r\nline ends\r\n\r\n and trailing\n",
  "no-break\u00a0space and ideographic\u3000space",
  "I'm sure they'LL say it's DON'T, we've, you'd",
  "end<|endoftext|>start <|endoftext|> twice<|endoftext|><|endoftext|>",
  "    def f(x):\n        return x  *  2\n",
  "$$$ ### !!! ??? ... ---",
  "x" + "y".repeat(60),
  // outside the BMP: letters (math bold, CJK extension B, Gothic), digits (math bold), symbols between letters
  "a\u{1D400}b \u{1D400}\u{1D401}\u{1D402} \u{20000}\u{20001}x \u{10330}\u{10331} \u{1D7CF}\u{1D7D0}\u{1D7D1}4 x\u{1F642}y \u{1F642}\u{1F44D}\u{1F3FD}!",
];

// Pre-tokenizer split patterns as published in the families' tokenizer.json files.
const QWEN2_SPLIT = String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`;
const LLAMA3_SPLIT = String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`;

const byteLevel = (useRegex, trimOffsets = true) =>
  ({ type: "ByteLevel", add_prefix_space: false, trim_offsets: trimOffsets, use_regex: useRegex });
const split = (pattern) => ({ type: "Split", pattern: { Regex: pattern }, behavior: "Isolated", invert: false });
const added = (id, content, special = true, normalized = false) =>
  ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized, special });

function withAddedTokens(base, contents) {
  const vocabSize = Object.keys(base.model.vocab).length;
  return contents.map(([content, special, normalized], i) => added(vocabSize + i, content, special, normalized));
}

function byteLevelVariant(base, { normalizer = null, preTokenizer, addedTokens, postProcessor = null, ignoreMerges }) {
  const model = { ...base.model };
  if (ignoreMerges !== undefined) model.ignore_merges = ignoreMerges;
  return {
    version: "1.0", truncation: null, padding: null,
    added_tokens: withAddedTokens(base, addedTokens),
    normalizer, pre_tokenizer: preTokenizer, post_processor: postProcessor,
    decoder: byteLevel(true), model,
  };
}

// GPT-2 byte alphabet inverse: the character standing for each byte in a byte-level vocabulary.
function byteLevelCharToByte() {
  const printable = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const map = new Map();
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    const c = printable.includes(b) ? b : 256 + extra++;
    map.set(String.fromCodePoint(c), b);
  }
  return map;
}

// A SentencePiece-style byte-fallback BPE (Llama 2 / TinyLlama / Mistral layout) from the same merges:
// pieces are the byte-level symbols read back as UTF-8 with "▁" for space; symbols that are not whole
// UTF-8 text are left to the <0xXX> byte pieces.
function sentencePieceVariant(base) {
  const toByte = byteLevelCharToByte();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const asPiece = (symbol) => {
    try {
      const text = decoder.decode(Uint8Array.from([...symbol].map((c) => toByte.get(c))));
      return [...text].some((c) => c.charCodeAt(0) < 32) ? null : text.replaceAll(" ", "\u2581");
    } catch { return null; }
  };
  const vocab = { "<unk>": 0, "<s>": 1, "</s>": 2 };
  for (let b = 0; b < 256; b++) vocab[`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`] = 3 + b;
  const add = (piece) => { if (!(piece in vocab)) vocab[piece] = Object.keys(vocab).length; };
  for (let c = 32; c < 127; c++) add(String.fromCharCode(c).replaceAll(" ", "\u2581"));
  const merges = [];
  for (const merge of base.model.merges) {
    const [left, right] = Array.isArray(merge) ? merge : merge.split(" ");
    const [l, r] = [asPiece(left), asPiece(right)];
    if (l === null || r === null || !(l in vocab) || !(r in vocab)) continue;
    add(l + r);
    merges.push(`${l} ${r}`);
  }
  return {
    version: "1.0", truncation: null, padding: null,
    added_tokens: [added(0, "<unk>"), added(1, "<s>"), added(2, "</s>")],
    normalizer: { type: "Sequence", normalizers: [{ type: "Prepend", prepend: "\u2581" }, { type: "Replace", pattern: { String: " " }, content: "\u2581" }] },
    pre_tokenizer: null,
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "<s>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
      pair: [{ SpecialToken: { id: "<s>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "<s>", type_id: 1 } }, { Sequence: { id: "B", type_id: 1 } }],
      special_tokens: { "<s>": { id: "<s>", ids: [1], tokens: ["<s>"] } },
    },
    decoder: { type: "Sequence", decoders: [{ type: "Replace", pattern: { String: "\u2581" }, content: " " }, { type: "ByteFallback" }, { type: "Fuse" }, { type: "Strip", content: " ", start: 1, stop: 0 }] },
    model: { type: "BPE", dropout: null, unk_token: "<unk>", continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: true, byte_fallback: true, ignore_merges: false, vocab, merges },
  };
}

function variants(base) {
  const eot = "<|endoftext|>";
  return {
    // Pythia / GPT-NeoX-20B: NFC, GPT-2 regex inside ByteLevel, runs of spaces as (non-special) added tokens.
    "gpt-neox": byteLevelVariant(base, {
      normalizer: { type: "NFC" }, preTokenizer: byteLevel(true),
      addedTokens: [[eot, true, false], ["<|padding|>", true, false], ["    ", false, true], ["  ", false, true]],
    }),
    // Qwen2 / Qwen2.5: NFC, its own split regex (single digits), ByteLevel without regex, chat tokens.
    "qwen2": byteLevelVariant(base, {
      normalizer: { type: "NFC" }, preTokenizer: { type: "Sequence", pretokenizers: [split(QWEN2_SPLIT), byteLevel(false, false)] },
      addedTokens: [[eot, true, false], ["<|im_start|>", true, false], ["<|im_end|>", true, false]],
    }),
    // SmolLM2: every digit its own pre-token, then GPT-2 regex ByteLevel.
    "smollm2": byteLevelVariant(base, {
      preTokenizer: { type: "Sequence", pretokenizers: [{ type: "Digits", individual_digits: true }, byteLevel(true)] },
      addedTokens: [[eot, true, false], ["<|im_start|>", true, false], ["<|im_end|>", true, false]],
    }),
    // Llama 3.x: its split regex (digits in threes), ignore_merges, BOS added by the post-processor.
    "llama3": byteLevelVariant(base, {
      preTokenizer: { type: "Sequence", pretokenizers: [split(LLAMA3_SPLIT), byteLevel(false, false)] },
      ignoreMerges: true,
      addedTokens: [["<|begin_of_text|>", true, false], [eot, true, false]],
      postProcessor: {
        type: "Sequence", processors: [
          { type: "ByteLevel", add_prefix_space: true, trim_offsets: false, use_regex: true },
          {
            type: "TemplateProcessing",
            single: [{ SpecialToken: { id: "<|begin_of_text|>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
            pair: [{ SpecialToken: { id: "<|begin_of_text|>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "<|begin_of_text|>", type_id: 1 } }, { Sequence: { id: "B", type_id: 1 } }],
            special_tokens: { "<|begin_of_text|>": { id: "<|begin_of_text|>", ids: [Object.keys(base.model.vocab).length], tokens: ["<|begin_of_text|>"] } },
          },
        ],
      },
    }),
    // Llama 2 / TinyLlama / Mistral: SentencePiece BPE with byte fallback and <s>.
    "llama2-sentencepiece": sentencePieceVariant(base),
  };
}

function parseArgs(argv) {
  const args = { tokenizer: [], out: path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "tests", "ExperimentHarness.Tests", "Models", "Parity", "tokenizers") };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    if (!["base", "out", "tokenizer", "texts"].includes(key) || argv[i + 1] === undefined) throw new Error(`unknown or incomplete option ${argv[i]}`);
    if (key === "tokenizer") args.tokenizer.push(argv[i + 1]); else args[key] = argv[i + 1];
  }
  if (!args.base === (args.tokenizer.length === 0))
    throw new Error("usage: hf-tokenizer-fixtures.mjs --base DIR_WITH_tokenizer.json [--out DIR]  |  --tokenizer NAME=FILE ... --out DIR [--texts FILE]");
  return args;
}

function extraTexts(file) {
  if (!file) return [];
  const texts = [];
  fs.readFileSync(file, "utf8").split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let value;
    try { value = JSON.parse(line); } catch (e) { throw new Error(`${file}:${i + 1}: not a JSON value (${e.message})`); }
    if (typeof value === "string") texts.push(value);
    else if (value && typeof value === "object") texts.push(...Object.values(value).filter((v) => typeof v === "string"));
  });
  return texts;
}

function namedFiles(specs) {
  return Object.fromEntries(specs.map((spec) => {
    const at = spec.indexOf("=");
    if (at <= 0) throw new Error(`--tokenizer ${spec}: expected NAME=FILE`);
    return [spec.slice(0, at), JSON.parse(fs.readFileSync(spec.slice(at + 1), "utf8"))];
  }));
}

async function main() {
  const args = parseArgs(process.argv);
  const files = args.base ? variants(JSON.parse(fs.readFileSync(path.join(args.base, "tokenizer.json"), "utf8"))) : namedFiles(args.tokenizer);
  const texts = [...TEXTS, ...extraTexts(args.texts)];
  for (const [name, json] of Object.entries(files)) {
    const dir = path.join(args.out, name);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "tokenizer.json");
    fs.writeFileSync(file, JSON.stringify(json, null, 1));
    const tokenizer = Tokenizer.fromFile(file);
    // What the post-processor puts in front of every text (BOS), left out of the decoded text.
    const prefix = (await tokenizer.encode("")).getIds().length;
    const cases = [];
    for (const text of texts) {
      const ids = (await tokenizer.encode(text)).getIds();
      cases.push({ text, ids, decoded: await tokenizer.decode(ids.slice(prefix), false) });
    }
    fs.writeFileSync(path.join(dir, "hf-ids.json"),
      JSON.stringify({ variant: name, tokenizers_version: tokenizersVersion, made_by: "HF tokenizers (Node bindings): encode adds special tokens as the file says; decoded = decode(ids after the BOS, skip_special_tokens=false)", prompts: PROMPTS, cases }, null, 1));
    console.log("wrote", dir, `(${Object.keys(json.model.vocab).length} vocab, ${cases.length} texts)`);
  }
}

main().catch((e) => { console.error(e.message ?? e); process.exit(1); });
