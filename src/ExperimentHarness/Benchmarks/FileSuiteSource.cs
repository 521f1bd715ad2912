using ExperimentHarness.Foundation;

namespace ExperimentHarness.Benchmarks;

/// <summary>
/// A suite stored as one JSON/JSON Lines file (the CoT suites: MultiArith, SVAMP, AQuA, ...). The data
/// path may be the file itself, the suite's folder, or the folder holding all suites
/// (<c>{folder}/{file}</c>). Items come from <see cref="Map"/>; the exemplar pool from <see cref="ExemplarPool"/>.
/// </summary>
public sealed class FileSuiteSource(string name, string folder, string file, string? listKey, Func<JsonRecords.Record, BenchmarkItem> map) : IBenchmarkSource
{
    public string Name => name;

    public Func<JsonRecords.Record, BenchmarkItem> Map => map;

    public BenchmarkSplits Load(BenchmarkRequest request)
    {
        var path = Resolve(request.DataPath);
        var items = JsonRecords.Read(path, listKey).Select(map).ToList();
        var duplicate = items.GroupBy(i => i.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InputException($"{path}: item id '{duplicate.Key}' occurs more than once");
        return ExemplarPool.Split(name, items, request.Options);
    }

    private string Resolve(string? dataPath)
    {
        if (dataPath is null)
            throw new InputException($"benchmark '{name}' needs a data path (benchmark.path or --data): the file {file}, its folder {folder}, or the folder holding {folder}/; scripts/fetch-data downloads it");
        if (File.Exists(dataPath)) return dataPath;
        foreach (var candidate in new[] { Path.Combine(dataPath, file), Path.Combine(dataPath, folder, file) })
            if (File.Exists(candidate)) return candidate;
        throw new FileNotFoundException($"benchmark '{name}': no {file} at {dataPath} (nor {Path.Combine(dataPath, folder, file)})", dataPath);
    }
}
