import LabCore

/// The HTML page, as a report: title and about, then the answer — the verdicts on the recipe's
/// claims, its figures, the comparisons — then a table of contents, the run's context (with
/// the recipe as run and how to rerun it), one cell per step.
enum NotebookHTML {
    static func page(_ document: NotebookDocument) -> String {
        let anchors = cellAnchors(document.cells)
        let sections = reportSections(document)
        var parts: [String] = []
        parts.append("""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLEscape.text(document.title)) · run \(document.runID)</title>
        <style>
        \(Stylesheet.css)
        </style>
        </head>
        <body>
        <main>
        """)
        parts.append(header(document))
        for entry in sections {
            parts.append(section(entry.section, className: entry.className, anchor: entry.anchor))
        }
        parts.append(contents(sections, cells: document.cells, anchors: anchors))
        parts.append(context(document))
        for (index, cell) in document.cells.enumerated() {
            parts.append(NotebookHTML.cell(cell, anchor: anchors[index]))
        }
        parts.append("""
        <footer>Written by lab from the ledger of run \(document.runID).</footer>
        </main>
        </body>
        </html>
        """)
        return parts.joined(separator: "\n") + "\n"
    }

    /// The sections before the contents, in order, each with its anchor: verdicts, figures,
    /// comparisons.
    static func reportSections(_ document: NotebookDocument) -> [(section: NotebookSection, className: String, anchor: String)] {
        var list: [(section: NotebookSection, className: String, anchor: String)] = []
        if let verdicts = document.verdicts { list.append((verdicts, "verdicts", "verdicts")) }
        for (index, figure) in document.figures.enumerated() { list.append((figure, "figure", "figure-\(index + 1)")) }
        for (index, section) in document.sections.enumerated() { list.append((section, "comparison", "comparison-\(index + 1)")) }
        return list
    }

    /// Unique, safe `id`s for the cells: `step-1-weighted-scheme-sparse-0-25-`.
    static func cellAnchors(_ cells: [NotebookCell]) -> [String] {
        cells.enumerated().map { index, cell in "step-\(index + 1)-\(HTMLEscape.anchor(cell.stepID))" }
    }

    /// The title and the about text: what the verdicts follow.
    static func header(_ document: NotebookDocument) -> String {
        var html = "<header class=\"run\">\n<div class=\"eyebrow\">lab notebook · run \(document.runID)</div>\n"
        html += "<h1>\(HTMLEscape.text(document.title))</h1>\n"
        var line = [StatusStyle.badge(document.status), HTMLEscape.text(StatusStyle.summary(document.cells))]
        if let duration = document.duration { line.append(DisplayFormat.duration(duration)) }
        line.append("<a href=\"#context\">recipe and context</a>")
        html += "<div class=\"summary-line\">\(line.joined(separator: " · "))</div>\n"
        if let about = document.about, !about.isEmpty {
            html += "<div class=\"about\">\n\(MarkdownHTML.html(about, headingOffset: 1))\n</div>\n"
        }
        return html + "</header>"
    }

    /// The run's context: status, recipe, profile, overrides, times, step counts, environment.
    static func context(_ document: NotebookDocument) -> String {
        var html = "<section class=\"context\" id=\"context\">\n<h2>Run, recipe and environment</h2>\n"
        var rows: [(String, String)] = [
            ("Status", StatusStyle.badge(document.status)),
            ("Recipe", "<code>\(HTMLEscape.text(document.recipePath))</code>"),
        ]
        if let profile = document.profile { rows.append(("Profile", HTMLEscape.text(profile))) }
        if !document.overrides.isEmpty {
            let overrides = document.overrides.map { "<code>\(HTMLEscape.text($0.name))=\(HTMLEscape.text($0.value))</code>" }
            rows.append(("Overrides", overrides.joined(separator: " ")))
        }
        rows.append(("Started", HTMLEscape.text(DisplayFormat.date(document.startedAt))))
        if let duration = document.duration { rows.append(("Duration", DisplayFormat.duration(duration))) }
        rows.append(("Steps", HTMLEscape.text(StatusStyle.summary(document.cells))))
        html += "<dl class=\"meta\">\n"
        html += rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined(separator: "\n")
        html += "\n</dl>\n"
        if !document.environment.isEmpty {
            html += "<details class=\"environment\"><summary>Environment</summary>\n"
            html += keyValueTable(document.environment)
            html += "\n</details>\n"
        }
        if let command = document.rerunCommand {
            html += "<div class=\"label\">To run it again</div>\n<pre><code>\(HTMLEscape.text(command))</code></pre>\n"
        }
        if let text = document.recipeText {
            html += "<details class=\"recipe\"><summary>The recipe as run (\(HTMLEscape.text(document.recipePath)))</summary>\n"
                + "<pre><code>\(HTMLEscape.text(text))</code></pre>\n</details>\n"
        }
        return html + "</section>"
    }

    /// The table of contents: the report's sections, the run's context, then every step.
    static func contents(_ sections: [(section: NotebookSection, className: String, anchor: String)],
                         cells: [NotebookCell], anchors: [String]) -> String {
        var html = "<nav class=\"overview\" id=\"contents\">\n<h2>Contents</h2>\n<ol class=\"toc\">\n"
        for entry in sections {
            html += "<li><a href=\"#\(entry.anchor)\">\(HTMLEscape.text(entry.section.title))</a></li>\n"
        }
        html += "<li><a href=\"#context\">Run, recipe and environment</a></li>\n</ol>\n"
        guard !cells.isEmpty else { return html + "</nav>" }
        html += "<div class=\"label\">Steps</div>\n<table>\n"
        html += "<thead><tr><th>#</th><th>step</th><th>op</th><th>status</th><th class=\"num\">time</th></tr></thead>\n<tbody>\n"
        for (index, cell) in cells.enumerated() {
            let name = cell.title.map { "\(HTMLEscape.text($0)) <code>\(HTMLEscape.text(cell.stepID))</code>" }
                ?? "<code>\(HTMLEscape.text(cell.stepID))</code>"
            html += "<tr><td>\(index + 1)</td><td><a href=\"#\(anchors[index])\">\(name)</a></td>"
                + "<td>\(HTMLEscape.text(cell.op))</td><td>\(StatusStyle.badge(cell.status))</td>"
                + "<td class=\"num\">\(timeText(cell))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</nav>"
    }

    /// Skipped steps never ran: they have no time to show.
    static func timeText(_ cell: NotebookCell) -> String {
        cell.status == .skipped ? "–" : DisplayFormat.duration(cell.seconds)
    }

    static func section(_ section: NotebookSection, className: String? = nil, anchor: String? = nil) -> String {
        let classes = (["section"] + (className.map { [$0] } ?? [])).joined(separator: " ")
        let id = anchor.map { " id=\"\(HTMLEscape.attribute($0))\"" } ?? ""
        var html = "<section class=\"\(classes)\"\(id)>\n<h2>\(HTMLEscape.text(section.title))</h2>\n"
        if let note = section.note, !note.isEmpty {
            html += "<div class=\"note\">\n\(MarkdownHTML.html(note, headingOffset: 2))\n</div>\n"
        }
        html += section.plots.map { $0.html() }.joined(separator: "\n")
        if let footnote = section.footnote, !footnote.isEmpty {
            html += "\n<div class=\"footnote\">\n\(MarkdownHTML.html(footnote, headingOffset: 2))\n</div>"
        }
        return html + "\n</section>"
    }

    /// A two-column table of names and (escaped) values.
    static func keyValueTable(_ pairs: [(name: String, value: String)]) -> String {
        // A multi-line value (a shell command) keeps its lines as written.
        let rows = pairs.map { pair -> String in
            let value = pair.value.contains("\n") ? "<pre>\(HTMLEscape.text(pair.value))</pre>" : HTMLEscape.text(pair.value)
            return "<tr><td>\(HTMLEscape.text(pair.name))</td><td>\(value)</td></tr>"
        }
        return "<table class=\"kv\">\n" + rows.joined(separator: "\n") + "\n</table>"
    }
}
