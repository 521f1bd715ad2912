namespace ExperimentHarness.Config;

/// <summary>Every default a config may leave out, in one place.</summary>
public static class ConfigDefaults
{
    public const string Split = "test";
    public const int Seed = 1234;
    public const int BatchSize = 32;

    /// <summary>The run's device-memory budget: most rows in any batch on the device (samples decoded, options scored, texts embedded); halved on out-of-memory.</summary>
    public const int BatchRows = 32;
    public const int MaxNewTokens = 256;
    public const double Temperature = 0.0;
    public const double TopP = 1.0;
    private const string CpuDType = "float32";
    private const string CudaDType = "bfloat16";

    /// <summary>The dtype a device runs in when the config names none: bfloat16 on CUDA, float32 on the CPU.</summary>
    public static string DTypeFor(string device) => device == "cuda" ? CudaDType : CpuDType;
    public const string Device = "cpu";
    public const string OutputRoot = "runs";

    /// <summary>Stop strings used when the config gives none: the start of the next problem in our prompt format.</summary>
    public static readonly IReadOnlyList<string> Stop = ["\n\nProblem:", "\nProblem:"];
}
