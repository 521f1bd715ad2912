using ExperimentHarness.Models.Tokenization;
using static TorchSharp.torch;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Engine;

/// <summary>One sample being decoded in a slot of the batch: its tokens so far, and when and why it ended. <c>sample</c> counts from the request's first sample.</summary>
internal sealed class DecodeRow(PromptInFlight prompt, int sample) : IDisposable
{
    private Generator? _generator = prompt.Request.Sampling.Temperature > 0 ? TokenSampler.ForSample(prompt.Request.Seed, prompt.Request.FirstSample + sample) : null;
    private readonly List<int> _generated = [];

    /// <summary>
    /// How many of the newest tokens can hold any stop string the newest token could have completed: every
    /// token is at least one byte, so the longest stop's bytes plus 4 (one whole UTF-8 character of margin,
    /// in case the tail starts inside a character) suffice.
    /// </summary>
    private readonly int _stopTail = prompt.Request.Sampling.Stop.Select(s => System.Text.Encoding.UTF8.GetByteCount(s)).DefaultIfEmpty(0).Max() + 4;

    public PromptInFlight Prompt => prompt;

    public bool Finished { get; private set; }

    public bool Greedy => prompt.Request.Sampling.Temperature <= 0;

    public Generator? Generator => _generator;

    public int LastToken => _generated[^1];

    /// <summary>Rotary position (and cache slot) of the newest token when it is fed back: the prompt length plus the tokens before it.</summary>
    public long Position => prompt.Tokens.Count + _generated.Count - 1;

    /// <summary>Takes the next token; records the completion in the prompt when it ends (EOS, a stop string or the length limit).</summary>
    public void Accept(int token, ITextTokenizer tokenizer)
    {
        var sampling = prompt.Request.Sampling;
        if (tokenizer.EosIds.Contains(token))
        {
            Finish(tokenizer.Decode(_generated), "eos");
            return;
        }
        _generated.Add(token);
        // Decoding only the newest tokens keeps each step O(1) in the completion's length; a hit is confirmed on the full text.
        if (sampling.Stop.Count > 0 && StopMatcher.FirstStop(tokenizer.Decode(_generated.TakeLast(_stopTail)), sampling.Stop) is not null)
        {
            var text = tokenizer.Decode(_generated);
            if (StopMatcher.FirstStop(text, sampling.Stop) is { } at)
            {
                Finish(text[..at], "stop");
                return;
            }
        }
        if (_generated.Count >= sampling.MaxNewTokens) Finish(tokenizer.Decode(_generated), "length");
    }

    private void Finish(string text, string reason)
    {
        Finished = true;
        prompt.Completions[sample] = new Completion(prompt.Request.FirstSample + sample, text, _generated.Count, reason, Flops.Zero);
        Dispose();
    }

    public void Dispose()
    {
        _generator?.Dispose();
        _generator = null;
    }
}
