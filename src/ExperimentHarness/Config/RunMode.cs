using System.Text.Json.Serialization;

namespace ExperimentHarness.Config;

/// <summary>
/// How a run answers items: <see cref="Generate"/> (completions, answer extraction) or <see cref="LogLikelihood"/>
/// (multiple choice: the option the model finds most likely). Read from <c>benchmark.mode</c> once, by
/// <see cref="RunConfigReader"/>; its <see cref="RunModes.Name"/> is the YAML spelling, also used in summaries and cell keys.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunMode>))]
public enum RunMode
{
    [JsonStringEnumMemberName("generate")] Generate,
    [JsonStringEnumMemberName("loglikelihood")] LogLikelihood,
}

public static class RunModes
{
    private static readonly (RunMode Mode, string Name)[] All = [(RunMode.Generate, "generate"), (RunMode.LogLikelihood, "loglikelihood")];

    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToList();

    public static string Name(this RunMode mode) => All.Single(m => m.Mode == mode).Name;

    /// <summary>The mode of a name in <see cref="Names"/>; the reader has already refused any other.</summary>
    public static RunMode Parse(string name) => All.Single(m => m.Name == name).Mode;
}
