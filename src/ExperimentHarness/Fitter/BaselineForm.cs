using System.Text.Json.Serialization;

namespace ExperimentHarness.Fitter;

/// <summary>
/// Which baseline curve is inverted: <see cref="Auto"/> picks the form with the lower leave-one-out error
/// (DESIGN.md "CEG method" step 1); <see cref="LogLinear"/> forces accuracy linear in log10 compute, the
/// seed paper's own method (Davidson et al., appendix A.1), so its numbers can be reproduced.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<BaselineForm>))]
public enum BaselineForm
{
    [JsonStringEnumMemberName("auto")] Auto,
    [JsonStringEnumMemberName("log_linear")] LogLinear,
}
