using System.Text.Json;
using System.Text.Json.Nodes;
using ExperimentHarness.Fitter;

namespace ExperimentHarness.Report;

/// <summary>Writes <c>ceg.json</c>: one record per enhanced point, the fitted baselines (both forms), bounds, combinations, warnings.</summary>
public static class CegJsonWriter
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static string Render(CegAnalysis analysis, IReadOnlyList<string> skipped) =>
        new JsonObject
        {
            ["points"] = JsonSerializer.SerializeToNode(analysis.Estimates, Options),
            ["baselines"] = new JsonArray(analysis.Baselines.Select(Baseline).ToArray()),
            ["lower_bounds"] = JsonSerializer.SerializeToNode(analysis.LowerBounds, Options),
            ["combinations"] = JsonSerializer.SerializeToNode(analysis.Combinations, Options),
            ["slope_comparisons"] = JsonSerializer.SerializeToNode(analysis.SlopeComparisons, Options),
            ["warnings"] = JsonSerializer.SerializeToNode(analysis.Warnings, Options),
            ["skipped_inputs"] = JsonSerializer.SerializeToNode(skipped, Options),
            ["options"] = JsonSerializer.SerializeToNode(analysis.Options, Options),
        }.ToJsonString(Options);

    private static JsonNode Baseline(BaselineFit fit) => new JsonObject
    {
        ["family"] = fit.Family,
        ["benchmark"] = fit.Benchmark,
        ["chance"] = fit.Chance,
        ["chance_basis"] = fit.ChanceBasis,
        ["chosen_form"] = fit.Chosen.Form,
        ["refusal"] = fit.Refusal,
        ["points"] = new JsonArray(fit.Points.Select(p => (JsonNode)new JsonObject
        {
            ["model"] = p.Model, ["training_flops"] = p.TrainingFlops, ["accuracy"] = p.Accuracy, ["n"] = p.N,
        }).ToArray()),
        ["forms"] = new JsonArray(new[] { fit.LogLinear, fit.Logistic }.OfType<FittedForm>().Select(f => (JsonNode)new JsonObject
        {
            ["form"] = f.Curve.Form,
            ["parameters"] = JsonSerializer.SerializeToNode(f.Curve.Parameters, Options),
            ["slope_per_decade"] = f.Curve.Slope,
            ["residuals"] = JsonSerializer.SerializeToNode(f.Residuals, Options),
            ["leave_one_out_rmse"] = f.LeaveOneOutRmse,
        }).ToArray()),
        ["warnings"] = JsonSerializer.SerializeToNode(fit.Warnings, Options),
    };
}
