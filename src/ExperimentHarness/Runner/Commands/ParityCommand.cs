using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner.Commands;

/// <summary>
/// <c>parity --fixtures DIR [--device cpu|cuda] [--dtype float32|bfloat16] [--json FILE]</c>: runs the transformers
/// parity fixtures through the harness on a device, with the parity tests' tolerances — how the GPU device kit
/// proves the CUDA path where no test runner exists. Exit 0 when every fixture is within bounds, 8 otherwise.
/// </summary>
public sealed class ParityCommand(IConsoleOutput console) : ICliCommand
{
    public Command Build()
    {
        var fixtures = new Option<string>("--fixtures") { Description = "A fixture folder (config.json, weights, tokenizer.json, fixture.json) or a folder of them.", Required = true };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var dtype = new Option<string>("--dtype") { Description = "float32 (bound 1e-4) or bfloat16 (bound 0.1).", DefaultValueFactory = _ => "float32" };
        dtype.AcceptOnlyFromAmong("float32", "bfloat16");
        var json = new Option<string?>("--json") { Description = "Also write the results to this JSON file." };
        var command = new Command("parity", "Check logits and greedy continuations against transformers' parity fixtures on a device.");
        foreach (var o in new Option[] { fixtures, device, dtype, json }) command.Options.Add(o);
        command.SetAction((parse, ct) =>
        {
            var jsonPath = parse.GetValue(json);
            if (jsonPath is not null && Directory.Exists(jsonPath)) throw new InputException($"--json {jsonPath}: is a directory; give a file");
            var results = FixtureParity.Find(parse.GetValue(fixtures)!)
                .Select(dir => FixtureParity.Check(dir, parse.GetValue(device)!, parse.GetValue(dtype)!, ct))
                .ToList();
            foreach (var r in results)
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Fixture,-10} {r.Device} {r.DType}: {r.Cases.Count} prompts, max |Δlogit| {r.WorstLogitDiff:E2} (bound {r.Tolerance:G}), " +
                    $"ids {(r.Cases.All(c => c.IdsMatch) ? "match" : "DIFFER")}, greedy {Greedy(r)} -> {(r.Passed ? "pass" : "FAIL")}"));
            if (jsonPath is not null)
                AtomicFile.WriteAllText(jsonPath, JsonSerializer.Serialize(results.Select(r => new
                {
                    fixture = r.Fixture, device = r.Device, dtype = r.DType, tolerance = r.Tolerance,
                    worst_abs_logit_diff = r.WorstLogitDiff, passed = r.Passed,
                    cases = r.Cases.Select(c => new { prompt_tokens = c.PromptTokens, ids_match = c.IdsMatch, max_abs_logit_diff = c.MaxAbsLogitDiff, greedy_matches = c.GreedyMatches }),
                }), new JsonSerializerOptions { WriteIndented = true }));
            return Task.FromResult(results.All(r => r.Passed) ? ExitCodes.Success : ExitCodes.ParityMismatch);
        });
        return command;
    }

    private static string Greedy(ParityResult r) =>
        r.Cases.All(c => c.GreedyMatches is null) ? "not compared" : r.Cases.All(c => c.GreedyMatches != false) ? "match" : "DIFFER";
}
