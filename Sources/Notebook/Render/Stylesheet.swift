/// The notebook's inline stylesheet: one calm column, system fonts, status colours.
enum Stylesheet {
    static let css = """
    :root { --ink: #2b2b2b; --muted: #6b6b6b; --line: #e3e3e3; --soft: #f6f7f8; --accent: #4e79a7; }
    * { box-sizing: border-box; }
    body { margin: 0; background: #fbfbfa; color: var(--ink);
      font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    main { max-width: 980px; margin: 0 auto; padding: 32px 24px 64px; }
    h1 { font-size: 28px; line-height: 1.2; margin: 4px 0 12px; }
    h2 { font-size: 20px; line-height: 1.3; margin: 0; }
    h3, h4, h5, h6 { font-size: 16px; margin: 18px 0 6px; }
    a { color: var(--accent); }
    code, pre { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
    code { background: var(--soft); padding: 1px 4px; border-radius: 3px; }
    pre { background: var(--soft); padding: 10px 12px; border-radius: 6px; overflow-x: auto; line-height: 1.4; }
    pre code { background: none; padding: 0; }
    blockquote { margin: 8px 0; padding: 2px 14px; border-left: 3px solid var(--line); color: var(--muted); }
    table { border-collapse: collapse; font-size: 14px; }
    th, td { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { font-weight: 600; color: var(--muted); font-size: 13px; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; padding-left: 12px; }
    td.best { font-weight: 700; background: #eef6ec; }
    td.interval { white-space: nowrap; font-variant-numeric: tabular-nums; }
    table.data th, table.data td { padding: 4px 10px; }
    figure.data-table { overflow-x: auto; }
    .eyebrow { color: var(--muted); font-size: 13px; letter-spacing: .04em; text-transform: uppercase; }
    .about { font-size: 16px; }
    .meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 16px 0; font-size: 14px; }
    .meta dt { color: var(--muted); }
    .meta dd { margin: 0; }
    details { margin: 8px 0; }
    summary { cursor: pointer; color: var(--muted); font-size: 14px; }
    .overview { margin: 36px 0 8px; }
    .overview > h2 { margin-bottom: 8px; }
    .toc { margin: 0 0 8px; padding-left: 22px; }
    .summary-line { color: var(--muted); font-size: 14px; margin: 0 0 10px; }
    .context > h2 { margin: 36px 0 4px; }
    details.more > summary { margin-top: 10px; }
    .kv pre { margin: 0; padding: 4px 8px; }
    .overview table { width: 100%; }
    .cell { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--line);
      border-radius: 8px; padding: 18px 22px; margin: 22px 0; }
    .cell.status-ran { border-left-color: #59a14f; }
    .cell.status-cached { border-left-color: #4e79a7; }
    .cell.status-failed { border-left-color: #d64541; }
    .cell.status-skipped { border-left-color: #b8b8b8; }
    .cell.status-cancelled { border-left-color: #e0a030; }
    .cell-head { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; }
    .cell-head .time { color: var(--muted); font-size: 14px; margin-left: auto; }
    .cell-sub { color: var(--muted); font-size: 13px; margin: 4px 0 10px; }
    .label { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted);
      margin: 18px 0 6px; font-weight: 600; }
    .chips { margin: 6px 0; }
    .chip { display: inline-block; background: #eef2f7; border-radius: 12px; padding: 1px 10px; margin: 2px 6px 2px 0;
      font-size: 13px; }
    .kv td:first-child { color: var(--muted); padding-right: 18px; }
    .kv td { font-variant-numeric: tabular-nums; }
    .metrics { columns: 2 260px; column-gap: 32px; }
    .metrics table { width: 100%; break-inside: avoid; }
    .plots { display: flex; flex-wrap: wrap; gap: 12px 16px; }
    figure { margin: 12px 0; max-width: 100%; }
    figure.data-table figcaption { font-weight: 600; margin-bottom: 4px; }
    svg.plot { max-width: 100%; height: auto; background: #fff; }
    .error pre { background: #fdf1f0; color: #8a1f17; }
    .log pre { max-height: 320px; }
    .badge { display: inline-block; font-size: 12px; font-weight: 600; line-height: 1; padding: 4px 9px;
      border-radius: 10px; color: #fff; vertical-align: middle; text-transform: lowercase; }
    .badge-ran, .badge-succeeded { background: #3f8a3a; }
    .badge-cached, .badge-running { background: #4e79a7; }
    .badge-failed { background: #d64541; }
    .badge-skipped { background: #9a9a9a; }
    .badge-cancelled, .badge-interrupted, .badge-abandoned, .badge-pending { background: #d08a17; }
    .section { margin: 36px 0; }
    .section > h2 { margin-bottom: 8px; }
    .footnote { color: var(--muted); font-size: 13px; }
    .verdicts { margin-top: 20px; }
    footer { color: var(--muted); font-size: 13px; margin-top: 40px; border-top: 1px solid var(--line); padding-top: 12px; }
    """
}
