using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Models.Tokenization;

namespace ExperimentHarness.Runner;

/// <summary>What a sweep's plan needs of a checkpoint without loading its weights: the hash that keys its cells, its FLOP ledger and its tokenizer.</summary>
public sealed record CheckpointFacts(string WeightsSha256, FlopLedger Ledger, ITextTokenizer Tokenizer);

/// <summary>Reads <see cref="CheckpointFacts"/> of a config's model; null where the checkpoint does not exist yet (a self-made one not yet created).</summary>
public interface ICheckpointInspector
{
    CheckpointFacts? Inspect(ModelSpec spec);
}
