namespace ExperimentHarness.Models.Checkpoints;

/// <summary>One tensor in a safetensors file: its dtype name as written (F32, F16, BF16), shape and byte range in the data section.</summary>
public sealed record SafetensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}
