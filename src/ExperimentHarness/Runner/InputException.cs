namespace ExperimentHarness.Runner;

/// <summary>
/// Bad user input: a config, data file, checkpoint or argument. The message must name the file,
/// the key or item, and what was expected; the CLI prints it and exits with <see cref="ExitCodes.InvalidInput"/>.
/// </summary>
public class InputException(string message, Exception? inner = null) : Exception(message, inner);
