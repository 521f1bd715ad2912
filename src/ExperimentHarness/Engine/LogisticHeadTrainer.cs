using System.Globalization;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models;
using ExperimentHarness.Models.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentHarness.Engine;

/// <summary>
/// Trains the verifier's scalar head — logistic regression on frozen features — with Adam and L2, holding
/// out a fifth of the training items (<see cref="ValidationSplit"/>) for validation and early stopping on the validation loss
/// (patience 10, at most 300 epochs). FLOPs: <see cref="ShapeFreeFlops.LogisticHeadTraining"/>. Saved as safetensors (<c>weight</c>, <c>bias</c>) with provenance in the metadata.
/// </summary>
public sealed class LogisticHeadTrainer : IVerifierHeadTrainer
{
    private const int MaxEpochs = 300, Patience = 10;

    public VerifierHead Train(IReadOnlyList<float[]> features, IReadOnlyList<bool> labels, IReadOnlyList<int> trainGroups, int seed, string provenance,
        IProgress<PhaseProgress>? progress = null)
    {
        var d = features[0].Length;
        var validationGroups = ValidationSplit.HeldOutGroups(trainGroups, seed);
        var trainRows = Enumerable.Range(0, features.Count).Where(i => !validationGroups.Contains(trainGroups[i])).ToList();
        var validRows = Enumerable.Range(0, features.Count).Where(i => validationGroups.Contains(trainGroups[i])).ToList();

        using var scope = NewDisposeScope();
        var (xTrain, yTrain) = (Matrix(features, trainRows), Labels(labels, trainRows));
        var (xValid, yValid) = (Matrix(features, validRows), Labels(labels, validRows));
        using var generator = new Generator((ulong)seed);
        using var scale = 0.01.ToScalar();
        var weight = new TorchSharp.Modules.Parameter(randn(d, generator: generator).mul(scale));
        var bias = new TorchSharp.Modules.Parameter(zeros(1));
        using var optimizer = new ScalarSafe.Adam([weight, bias], 0.05, 1e-3);
        var (bestLoss, bestEpoch, epochs) = (double.PositiveInfinity, 0, 0);
        float[] bestWeight = new float[d];
        var bestBias = 0f;
        for (var epoch = 1; epoch <= MaxEpochs && epoch - bestEpoch <= Patience; epoch++)
        {
            using var step = NewDisposeScope();
            epochs = epoch;
            optimizer.zero_grad();
            var loss = nn.functional.binary_cross_entropy_with_logits(xTrain.matmul(weight).add(bias, PinnedScalars.One), yTrain);
            loss.backward();
            optimizer.step();
            using var noGrad = no_grad();
            var validLoss = validRows.Count == 0 ? loss.item<float>()
                : nn.functional.binary_cross_entropy_with_logits(xValid.matmul(weight).add(bias, PinnedScalars.One), yValid).item<float>();
            if (validLoss < bestLoss - 1e-6)
            {
                (bestLoss, bestEpoch) = (validLoss, epoch);
                bestWeight = weight.detach().data<float>().ToArray();
                bestBias = bias.detach().item<float>();
            }
            progress?.Report(new PhaseProgress("verifier head", epoch, MaxEpochs, "epochs (stops early when validation loss stalls)"));
        }
        var head = new VerifierHead(bestWeight, bestBias, double.NaN, bestEpoch, ShapeFreeFlops.LogisticHeadTraining(d, trainRows.Count, epochs), provenance);
        var auc = Auc(validRows.Select(i => head.Score(features[i])).ToList(), validRows.Select(i => labels[i]).ToList());
        return head with { ValidationAuc = auc };
    }

    public void Save(string path, VerifierHead head)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var weight = tensor(head.Weights);
        using var bias = tensor(new[] { head.Bias });
        SafetensorsWriter.Write(path, [("weight", weight), ("bias", bias)], new Dictionary<string, string>
        {
            ["provenance"] = head.Provenance,
            ["validation_auc"] = head.ValidationAuc.ToString("R", CultureInfo.InvariantCulture),
            ["best_epoch"] = head.Epochs.ToString(CultureInfo.InvariantCulture),
            ["training_flops"] = head.TrainingFlops.ToString("R", CultureInfo.InvariantCulture),
        });
    }

    public VerifierHead Load(string path)
    {
        using var reader = new SafetensorsReader(path);
        using var weight = reader.Read("weight");
        using var bias = reader.Read("bias");
        var meta = reader.Metadata;
        return new VerifierHead(weight.data<float>().ToArray(), bias.data<float>()[0],
            double.Parse(meta["validation_auc"], CultureInfo.InvariantCulture), int.Parse(meta["best_epoch"], CultureInfo.InvariantCulture),
            double.Parse(meta["training_flops"], CultureInfo.InvariantCulture), meta["provenance"]);
    }

    /// <summary>Area under the ROC curve (Mann–Whitney U with ties counted half); NaN when one class is missing.</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var positives = scores.Where((_, i) => labels[i]).ToList();
        var negatives = scores.Where((_, i) => !labels[i]).ToList();
        if (positives.Count == 0 || negatives.Count == 0) return double.NaN;
        double wins = 0;
        foreach (var p in positives)
            foreach (var n in negatives)
                wins += p > n ? 1 : p == n ? 0.5 : 0;
        return wins / (positives.Count * (double)negatives.Count);
    }

    private static Tensor Matrix(IReadOnlyList<float[]> features, IReadOnlyList<int> rows) =>
        rows.Count == 0 ? zeros(0, features[0].Length) : tensor(rows.SelectMany(r => features[r]).ToArray()).view(rows.Count, features[0].Length);

    private static Tensor Labels(IReadOnlyList<bool> labels, IReadOnlyList<int> rows) =>
        tensor(rows.Select(r => labels[r] ? 1f : 0f).ToArray());
}
