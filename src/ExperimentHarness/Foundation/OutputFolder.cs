namespace ExperimentHarness.Foundation;

/// <summary>
/// Checks, before any work or writing starts, that an output path can be a directory: it is not an existing
/// file and no existing folder above it is a file. <paramref name="source"/> says where the path came from
/// (an option such as <c>--out</c>, or a config key).
/// </summary>
public static class OutputFolder
{
    public static string Check(string path, string source)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full)) throw new InputException($"{source} {path}: is an existing file; give a directory");
        for (var parent = Path.GetDirectoryName(full); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent)) throw new InputException($"{source} {path}: {parent} is a file, so the directory cannot be created there");
            if (Directory.Exists(parent)) break;
        }
        return full;
    }
}
