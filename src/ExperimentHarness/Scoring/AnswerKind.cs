using System.Text.Json.Serialization;

namespace ExperimentHarness.Scoring;

/// <summary>
/// What a task's answer is. It fixes what guessing scores — the floor of a scaling curve
/// (Fitter/ChanceRates.cs): 1/k for k options, 1/2 for yes/no, 0 for a number or free text.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnswerKind>))]
public enum AnswerKind
{
    [JsonStringEnumMemberName("multiple_choice")] MultipleChoice,
    [JsonStringEnumMemberName("yes_no")] YesNo,
    [JsonStringEnumMemberName("numeric")] Numeric,
    [JsonStringEnumMemberName("free_text")] FreeText,
}
