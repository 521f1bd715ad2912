namespace ExperimentHarness.Models.Hub;

/// <summary>Finds models.lock.json: the given path, else the nearest one above the current directory or the program's folder.</summary>
public static class LockLocation
{
    public const string FileName = "models.lock.json";

    public static string Resolve(string? given)
    {
        if (given is not null) return Path.GetFullPath(given);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, FileName))) return Path.Combine(dir.FullName, FileName);
        throw new FileNotFoundException($"{FileName} not found above {Directory.GetCurrentDirectory()}; pass --lock FILE", FileName);
    }
}
