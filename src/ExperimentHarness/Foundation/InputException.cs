namespace ExperimentHarness.Foundation;

/// <summary>
/// Bad user input: a config, data file, checkpoint or argument. The message must name the file,
/// the key or item, and what was expected; the CLI prints it and exits with exit code 3 (InvalidInput).
/// </summary>
public class InputException(string message, Exception? inner = null) : Exception(message, inner);
