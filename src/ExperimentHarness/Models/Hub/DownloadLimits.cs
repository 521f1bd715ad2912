namespace ExperimentHarness.Models.Hub;

/// <summary>
/// How long a download may wait and how often it retries. <see cref="Default"/> is what the CLI uses; tests pass
/// second-scale values. The idle timeout covers the wait for response headers and every gap between body reads,
/// so a silent or trickling server fails the attempt, and the next attempt resumes from the .part with a Range request.
/// </summary>
public sealed record DownloadLimits(TimeSpan ConnectTimeout, TimeSpan IdleTimeout, int MaxAttempts, TimeSpan Backoff, int MaxRedirects)
{
    public static readonly DownloadLimits Default = new(
        ConnectTimeout: TimeSpan.FromSeconds(30), IdleTimeout: TimeSpan.FromSeconds(60), MaxAttempts: 5, Backoff: TimeSpan.FromSeconds(1), MaxRedirects: 10);

    /// <summary>Ceiling for an unpinned config.json, tokenizer.json or safetensors index (the largest published tokenizer.json files are tens of MiB).</summary>
    public const long UnpinnedMetadataMaxBytes = 256L << 20;

    /// <summary>Ceiling for one unpinned weights file (hub shards are at most 5-10 GB; single-file checkpoints of 7B models in float32 are ~28 GB).</summary>
    public const long UnpinnedWeightsMaxBytes = 64L << 30;
}
