using ExperimentHarness.Foundation;

namespace ExperimentHarness.Benchmarks;

/// <summary>Every benchmark source, by name.</summary>
public static class BenchmarkCatalog
{
    private static readonly IReadOnlyList<IBenchmarkSource> Sources = [new ArithSource(), new Gsm8kSource(), .. CotSuites.All, new CustomSource()];

    public static IReadOnlyList<string> Names => Sources.Select(s => s.Name).ToList();

    public static IBenchmarkSource Get(string name) =>
        Sources.FirstOrDefault(s => s.Name == name)
        ?? throw new InputException($"unknown benchmark '{name}'; known: {string.Join(", ", Names)}");
}
