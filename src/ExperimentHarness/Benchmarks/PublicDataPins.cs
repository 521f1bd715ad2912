namespace ExperimentHarness.Benchmarks;

/// <summary>One public benchmark file: where it goes under the data directory, where it comes from (a pinned commit), its size and sha256.</summary>
public sealed record PublicDataFile(string Path, string Url, long Size, string Sha256);

/// <summary>The public benchmark files (shared/data/README.md lists the same files, sizes and hashes).</summary>
public static class PublicDataPins
{
    private const string Gsm8k = "https://raw.githubusercontent.com/openai/grade-school-math/3101c7d5072418e28b9008a6636bde82a006892c";
    private const string Cot = "https://raw.githubusercontent.com/kojima-takeshi188/zero_shot_cot/5ef330fcdeec0cd26aee27943504f91f8ec1c33c";

    public static readonly IReadOnlyList<PublicDataFile> Files =
    [
        new("gsm8k/train.jsonl", $"{Gsm8k}/grade_school_math/data/train.jsonl", 4166206, "17f347dc51477c50d4efb83959dbb7c56297aba886e5544ee2aaed3024813465"),
        new("gsm8k/test.jsonl", $"{Gsm8k}/grade_school_math/data/test.jsonl", 749738, "3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14"),
        new("gsm8k/LICENSE", $"{Gsm8k}/LICENSE", 1062, "86bbb73e855821d7c401912fd4bf82e34313e6e3b6fd6f909f2b6cc9e209a53b"),
        new("cot-suites/AddSub/AddSub.json", $"{Cot}/dataset/AddSub/AddSub.json", 131373, "21930fa90385c72b5a15f4b9a4dda27276b889ae9ff44285505cdd9fa0a20df8"),
        new("cot-suites/MultiArith/MultiArith.json", $"{Cot}/dataset/MultiArith/MultiArith.json", 254012, "dc9db1b6cc68b1ecc2dec830d15aaf8c9a0932aa31d5ffce88ef3628179d36f4"),
        new("cot-suites/SingleEq/questions.json", $"{Cot}/dataset/SingleEq/questions.json", 137870, "051507bd2b489c257057b485774a83d2710c23a4bc0f4a58e1822ae2773ef05e"),
        new("cot-suites/SVAMP/SVAMP.json", $"{Cot}/dataset/SVAMP/SVAMP.json", 339970, "5be77703a6d891ae476d7c082787ad361392aa02453b132516cdd5f4e7934e3e"),
        new("cot-suites/AQuA/test.json", $"{Cot}/dataset/AQuA/test.json", 130192, "de41581881ef95c5588c44ddc701c77fd480839241dd422a0d181262af24520c"),
        new("cot-suites/coin_flip/coin_flip.json", $"{Cot}/dataset/coin_flip/coin_flip.json", 136576, "68cf201737a1463ef6bed5419622805a8934d92bff6a28a9dfbf83be3135ba5a"),
        new("cot-suites/last_letters/last_letters.json", $"{Cot}/dataset/last_letters/last_letters.json", 84400, "60e8d092d0a6423d3256e87e0c249b69aefea4cd27985082095fa4e93931fb02"),
        new("cot-suites/CommonsenseQA/dev_rand_split.jsonl", $"{Cot}/dataset/CommonsenseQA/dev_rand_split.jsonl", 471653, "3210497fdaae614ac085d9eb873dd7f4d49b6f965a93adadc803e1229fd8a02a"),
        new("cot-suites/StrategyQA/task.json", $"{Cot}/dataset/StrategyQA/task.json", 854248, "60af9081fed20102fd8bb1e02dc7d9f12238efcba33e4c1a56b4d61cb6409803"),
        new("cot-suites/Bigbench_Date/task.json", $"{Cot}/dataset/Bigbench_Date/task.json", 119336, "ff716f0e399109146db3a998281c39954907b78268a9b633a95582d63847822f"),
    ];

    /// <summary>The folder under a data root that each suite with public files reads (its data path), e.g. gsm8k → gsm8k.</summary>
    private static readonly IReadOnlyDictionary<string, string> SuiteFolders = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["gsm8k"] = "gsm8k",
        ["multiarith"] = "cot-suites/MultiArith",
        ["addsub"] = "cot-suites/AddSub",
        ["singleeq"] = "cot-suites/SingleEq",
        ["svamp"] = "cot-suites/SVAMP",
        ["aqua"] = "cot-suites/AQuA",
        ["coin_flip"] = "cot-suites/coin_flip",
        ["last_letters"] = "cot-suites/last_letters",
        ["commonsenseqa"] = "cot-suites/CommonsenseQA",
        ["strategyqa"] = "cot-suites/StrategyQA",
        ["date"] = "cot-suites/Bigbench_Date",
    };

    /// <summary>The pinned files of a suite and the folder (relative to a data root) to give it as its data path; null for suites without public files.</summary>
    public static PublicSuiteData? ForSuite(string name) =>
        SuiteFolders.TryGetValue(name, out var folder)
            ? new PublicSuiteData(folder, Files.Where(f => f.Path.StartsWith(folder + "/", StringComparison.Ordinal)).ToList())
            : null;
}

/// <summary>A suite's pinned files, all under <see cref="Folder"/> of a data root.</summary>
public sealed record PublicSuiteData(string Folder, IReadOnlyList<PublicDataFile> Files);
