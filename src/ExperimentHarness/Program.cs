using ExperimentHarness.Runner;

GlibcHeapSettings.KeepFreedMemoryForReuse();
return await CliHost.RunAsync(args);
