namespace ExperimentHarness.Enhancements;

/// <summary>How many samples a selector needs per item, and the sampling settings they are drawn with (instead of the config's).</summary>
public sealed record SampleDraw(int Samples, SamplingOverride Sampling);
