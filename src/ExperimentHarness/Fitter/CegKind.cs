using System.Text.Json.Serialization;

namespace ExperimentHarness.Fitter;

/// <summary>What a <see cref="CegEstimate"/> is: a fitted value, a bound the data support, or a refusal (see <see cref="CegEstimate"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CegKind>))]
public enum CegKind
{
    [JsonStringEnumMemberName("fit")] Fit,
    [JsonStringEnumMemberName("lower_bound")] LowerBound,
    [JsonStringEnumMemberName("upper_bound")] UpperBound,
    [JsonStringEnumMemberName("refused")] Refused,
}
