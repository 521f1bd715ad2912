namespace ExperimentHarness.Engine;

/// <summary>Finds the earliest stop string in a completion; the completion is cut before it.</summary>
public static class StopMatcher
{
    public static int? FirstStop(string text, IReadOnlyList<string> stops)
    {
        int? first = null;
        foreach (var stop in stops)
        {
            if (stop.Length == 0) continue;
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first is null || at < first)) first = at;
        }
        return first;
    }
}
