using System.Globalization;
using System.Text.RegularExpressions;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Checkpoints;

/// <summary>One tensor whose shape config.json fixes, and the config keys that fix it (named in the error).</summary>
public sealed record WeightAnchor(string Name, long[] Shape, string Keys);

/// <summary>
/// Checks config.json's sizes against the weights' headers before the model is built, so a config with absurd
/// sizes (hidden_size 1e9, 10^6 layers) is refused by name instead of allocating first: each anchor tensor must
/// exist with the shape the config implies, and the weights must hold exactly the configured number of layers.
/// The full name-by-name check still happens when the weights are bound (<see cref="CheckpointBinder"/>).
/// </summary>
public static class WeightShapePreflight
{
    public static void Check(string configFile, CheckpointTensors tensors, string layerPrefix, int layers, IReadOnlyList<WeightAnchor> anchors)
    {
        foreach (var anchor in anchors)
        {
            if (!tensors.Contains(anchor.Name))
                throw new InputException($"{configFile}: the weights ({string.Join(", ", tensors.Files.Select(Path.GetFileName))}) have no tensor '{anchor.Name}', which this model_type needs");
            var stored = tensors.Entry(anchor.Name).Shape;
            if (!stored.SequenceEqual(anchor.Shape))
                throw new InputException($"{configFile}: keys {anchor.Keys} imply '{anchor.Name}' of shape {Shape(anchor.Shape)}, but the weights hold {Shape(stored)}");
        }
        var layerPattern = new Regex("^" + Regex.Escape(layerPrefix) + @"(\d+)\.", RegexOptions.CultureInvariant);
        var storedLayers = tensors.Entries.Select(e => layerPattern.Match(e.Name)).Where(m => m.Success)
            .Select(m => m.Groups[1].Value).Distinct().Count();
        if (storedLayers != layers)
            throw new InputException($"{configFile}: key 'num_hidden_layers' is {layers}, but the weights hold {storedLayers} layers ('{layerPrefix}N.*')");
    }

    private static string Shape(long[] shape) => "[" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]";
}
