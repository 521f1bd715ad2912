using TorchSharp;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Checkpoints;

/// <summary>The safetensors dtypes this harness reads and writes, and their torch and byte sizes.</summary>
public static class SafetensorsDTypes
{
    public static torch.ScalarType ToTorch(string dtype, string file) => dtype switch
    {
        "F32" => torch.ScalarType.Float32,
        "F16" => torch.ScalarType.Float16,
        "BF16" => torch.ScalarType.BFloat16,
        _ => throw new InputException($"{file}: tensor dtype '{dtype}' is not supported (expected {Supported})"),
    };

    public static string FromTorch(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Float32 => "F32",
        torch.ScalarType.Float16 => "F16",
        torch.ScalarType.BFloat16 => "BF16",
        _ => throw new ArgumentException($"cannot write dtype {type} to safetensors"),
    };

    public const string Supported = "F32, F16 or BF16";

    public static bool IsSupported(string dtype) => dtype is "F32" or "F16" or "BF16";

    public static int ByteSize(string dtype) => dtype == "F32" ? 4 : 2;
}
