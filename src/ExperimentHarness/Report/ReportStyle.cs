namespace ExperimentHarness.Report;

/// <summary>The page's stylesheet, inlined so the file needs nothing beside it: system fonts, readable tables, wrapped completions.</summary>
public static class ReportStyle
{
    public const string Css = """
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d2330; background: #fff; margin: 0 auto; max-width: 1180px; padding: 0 24px 48px; }
        header { border-bottom: 3px solid #2a5d9f; margin-bottom: 8px; }
        h1 { font-size: 28px; margin: 20px 0 4px; }
        h2 { font-size: 22px; margin: 28px 0 8px; border-bottom: 1px solid #d5dae3; padding-bottom: 4px; }
        h3 { font-size: 17px; margin: 20px 0 6px; color: #2a5d9f; }
        h4 { font-size: 15px; margin: 14px 0 4px; }
        h5 { font-size: 13px; margin: 8px 0 2px; color: #555; }
        section.benchmark { border-top: 2px solid #2a5d9f; margin-top: 28px; }
        .meta, .legend, .empty { color: #555; font-size: 13px; }
        .empty { font-style: italic; }
        nav ol { padding-left: 22px; } nav li { margin: 3px 0; }
        a { color: #1f5fbf; text-decoration: none; } a:hover { text-decoration: underline; }
        table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; width: 100%; }
        th, td { border: 1px solid #d5dae3; padding: 4px 7px; text-align: left; vertical-align: top; }
        th { background: #eef2f8; font-weight: 600; }
        td:first-child { white-space: nowrap; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        tr.refused td { color: #7a7a7a; }
        tr.lower_bound td, tr.upper_bound td { background: #fffbea; }
        tr.moved td { background: #fdecea; }
        code { font: 12px/1.3 ui-monospace, "DejaVu Sans Mono", monospace; background: #f3f5f9; padding: 0 3px; border-radius: 3px; word-break: break-all; }
        pre { font: 12px/1.35 ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre-wrap; word-break: break-word; margin: 0; max-height: 22em; overflow: auto; }
        img.plot { display: block; max-width: 100%; height: auto; border: 1px solid #e3e7ee; margin: 6px 0; }
        ul.warnings li { margin: 3px 0; }
        section.cell { border-left: 3px solid #d5dae3; padding-left: 12px; margin: 18px 0; }
        details.item { border: 1px solid #e3e7ee; border-radius: 4px; margin: 4px 0; padding: 3px 8px; }
        details.item[open] { background: #fafbfd; }
        details.item summary { cursor: pointer; font-size: 13px; }
        .ok { color: #1a7f37; font-weight: bold; } .bad { color: #c62828; font-weight: bold; }
        div.prompt pre { background: #f3f5f9; padding: 6px; border-radius: 3px; }
        table.samples tr.chosen td { background: #eaf5ec; }
        table.samples td:nth-child(2) { width: 60%; }
        .votes { font-size: 13px; margin: 6px 0; }
        """;
}
