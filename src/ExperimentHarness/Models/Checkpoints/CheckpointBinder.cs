using TorchSharp;
using static TorchSharp.torch;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Checkpoints;

/// <summary>
/// Strict loading: every parameter of the module must be in the checkpoint with the same shape, and
/// every checkpoint tensor must be used (except names the architecture declares ignorable, e.g. rotary
/// caches). All problems are reported together. Tensors are copied one at a time, so the weights never
/// exist twice in full.
/// </summary>
public static class CheckpointBinder
{
    public static void Bind(nn.Module module, CheckpointTensors checkpoint, string directory, Func<string, bool>? ignorable = null)
    {
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var problems = new List<string>();
        foreach (var (name, parameter) in parameters)
        {
            if (!checkpoint.Contains(name)) { problems.Add($"missing: {name} {Shape(parameter.shape)}"); continue; }
            var entry = checkpoint.Entry(name);
            if (!entry.Shape.SequenceEqual(parameter.shape))
                problems.Add($"shape mismatch: {name} checkpoint {Shape(entry.Shape)} vs model {Shape(parameter.shape)}");
        }
        foreach (var entry in checkpoint.Entries)
            if (!parameters.ContainsKey(entry.Name) && !(ignorable?.Invoke(entry.Name) ?? false))
                problems.Add($"unexpected: {entry.Name} {Shape(entry.Shape)}");
        if (problems.Count > 0)
            throw new InputException($"{directory}: checkpoint does not match the architecture ({problems.Count} problems):\n  " + string.Join("\n  ", problems.Order()));

        using var _ = torch.no_grad();
        foreach (var (name, parameter) in parameters)
        {
            using var source = checkpoint.Read(name);
            parameter.copy_(source);
        }
    }

    private static string Shape(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
