using ExperimentHarness.Fitter;
using ExperimentHarness.Foundation;
using ExperimentHarness.Store;

namespace ExperimentHarness.Report;

/// <summary>The items of one cell the page shows (the first ones by item index, or all) and how many the store holds.</summary>
public sealed record CellItems(IReadOnlyList<ItemResult> Shown, int Total);

/// <summary>
/// Everything the report page shows, gathered from one results directory (and optionally the previous night's): the CEG
/// analysis (null when no summary can be placed on a scaling curve; <see cref="Notes"/> says why), every cell's summary,
/// the drill-down items per cell id, and each cell's accuracy change since the previous night.
/// </summary>
public sealed record ReportData(
    string ResultsDirectory,
    CegAnalysis? Analysis,
    IReadOnlyList<string> Notes,
    IReadOnlyList<CellSummary> Cells,
    IReadOnlyDictionary<string, CellItems> Items,
    string? PreviousDirectory,
    IReadOnlyList<AccuracyShift> Shifts)
{
    /// <param name="itemsPerCell">How many items per cell to keep for the drill-down; null keeps all.</param>
    public static ReportData Load(string results, string? previous, FitOptions fit, int? itemsPerCell)
    {
        var cells = CellSummary.ReadAll(results);
        if (cells.Count == 0) throw new InputException($"{results}: no run summaries found (summary.json files written by 'run'), so there is nothing to report");
        var duplicate = cells.GroupBy(c => c.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InputException($"{results}: two summaries for model {duplicate.Key.Model}, benchmark {duplicate.Key.Benchmark}, stack {duplicate.Key.Stack}: " +
                string.Join(" and ", duplicate.Select(c => c.SummaryFile)));
        var notes = new List<string>();
        CegAnalysis? analysis = null;
        try
        {
            var (points, skipped) = ResultsReader.Read(results);
            notes.AddRange(skipped.Select(s => $"not on a scaling curve: {s}"));
            analysis = CegAnalysis.Run(points, fit);
        }
        catch (InputException ex)
        {
            notes.Add($"no CEG fit: {ex.Message}");
        }
        IReadOnlyList<AccuracyShift> shifts = [];
        if (previous is not null) shifts = AccuracyShift.Compare(cells, CellSummary.ReadAll(previous));
        return new ReportData(results, analysis, notes, cells, ReadItems(cells, itemsPerCell, notes), previous, shifts);
    }

    private static Dictionary<string, CellItems> ReadItems(IReadOnlyList<CellSummary> cells, int? itemsPerCell, List<string> notes)
    {
        var items = new Dictionary<string, CellItems>(StringComparer.Ordinal);
        foreach (var group in cells.GroupBy(c => c.StoreDirectory))
        {
            if (group.Key is null)
            {
                notes.AddRange(group.Select(c => $"{c.SummaryFile}: no {ResultsStore.FileName} beside or above it, so its items cannot be shown"));
                continue;
            }
            using var store = ResultsStore.OpenReadOnly(group.Key);
            foreach (var cell in group)
            {
                var all = store.ReadItems(cell.Cell);
                items[cell.Cell] = new CellItems(itemsPerCell is { } limit ? all.Take(limit).ToList() : all, all.Count);
            }
        }
        return items;
    }
}
