using ExperimentHarness.Runner;

return await CliHost.RunAsync(args);
