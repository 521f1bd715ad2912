namespace ExperimentHarness.Models.Hub;

/// <summary>Lock entries of families this harness trained itself: their repo is <c>local:FAMILY</c>, never a hub repository.</summary>
public static class LocalFamily
{
    public const string RepoPrefix = "local:";

    public static string Repo(string family) => RepoPrefix + family;
}
