namespace ExperimentHarness.Enhancements;

/// <summary>How many samples a selector needs per item, and the sampling settings they are drawn with (instead of the config's).</summary>
public sealed record SampleDraw(int Samples, SamplingOverride Sampling);

/// <summary>An element that decides how many samples an item gets (a selector, or a verifier before its head is trained).</summary>
public interface IDrawsSamples : IStackElement
{
    SampleDraw Draw { get; }
}
