using ExperimentHarness.Runner.Commands;
using Microsoft.Extensions.DependencyInjection;

namespace ExperimentHarness.Runner;

/// <summary>The list of CLI verbs. Add one line per command.</summary>
public static class CommandCatalog
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<ICliCommand, VersionCommand>();
        services.AddSingleton<ICliCommand, RunCommand>();
        services.AddSingleton<ICliCommand, ScoreCommand>();
        services.AddSingleton<ICliCommand, FitCommand>();
        services.AddSingleton<ICliCommand, ReportCommand>();
        services.AddSingleton<ICliCommand, MergeCommand>();
        services.AddSingleton<ICliCommand, BenchCommand>();
        services.AddSingleton<ICliCommand, ParityCommand>();
        services.AddSingleton<ICliCommand, TrainFamilyCommand>();
        services.AddSingleton<ICliCommand, DataCommand>();
        services.AddSingleton<ICliCommand, ModelsCommandGroup>();
        services.AddSingleton<IModelsSubcommand, ModelsInitCommand>();
        services.AddSingleton<IModelsSubcommand, ModelsFetchCommand>();
        services.AddSingleton<IModelsSubcommand, ModelsVerifyCommand>();
        services.AddSingleton<IModelsSubcommand, ModelsListCommand>();
        services.AddSingleton<RunJob>();
        services.AddSingleton<ICheckpointInspector, TorchCheckpointInspector>();
        services.AddSingleton<IModelLoader, TorchModelLoader>();
        services.AddSingleton<IBenchmarkLoader>(sp => new FetchingBenchmarkLoader(new SuiteBenchmarkLoader(),
            new PinnedDataDownloader(sp.GetRequiredService<IConsoleOutput>()), Path.Combine(TorchModelLoader.CacheRoot, "data"), sp.GetRequiredService<IConsoleOutput>()));
    }
}
