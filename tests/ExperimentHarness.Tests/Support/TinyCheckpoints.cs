using ExperimentHarness.Models;

namespace ExperimentHarness.Tests.Support;

/// <summary>Self-made random checkpoints for tests, created once per process and shared (read-only).</summary>
public static class TinyCheckpoints
{
    private static readonly Lazy<string> LlamaTiny = new(() => Create("llama", "tiny", 0));
    private static readonly Lazy<string> Qwen2Tiny = new(() => Create("qwen2", "tiny", 1));
    private static readonly Lazy<string> NeoxTiny = new(() => Create("gpt_neox", "tiny", 2));

    public static string Llama => LlamaTiny.Value;

    public static string Qwen2 => Qwen2Tiny.Value;

    public static string GptNeox => NeoxTiny.Value;

    public static string For(string arch) => arch switch { "llama" => Llama, "qwen2" => Qwen2, "gpt_neox" => GptNeox, _ => throw new ArgumentException(arch) };

    public static string Create(string arch, string preset, int seed)
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), $"{arch}-{preset}-{seed}");
        CheckpointInitializer.Create(arch, preset, seed, dir);
        return dir;
    }
}
