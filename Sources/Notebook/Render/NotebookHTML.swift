import LabCore

/// The HTML page: title and about, the verdicts on the recipe's claims, its figures, the run's context, the
/// recipe-level sections (comparisons), an overview of the steps, one cell per step.
enum NotebookHTML {
    static func page(_ document: NotebookDocument) -> String {
        let anchors = cellAnchors(document.cells)
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
        if let verdicts = document.verdicts { parts.append(section(verdicts, className: "verdicts")) }
        for figure in document.figures { parts.append(section(figure, className: "figure")) }
        parts.append(context(document))
        for section in document.sections {
            parts.append(NotebookHTML.section(section))
        }
        if !document.cells.isEmpty { parts.append(overview(document.cells, anchors: anchors)) }
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

    /// Unique, safe `id`s for the cells: `step-1-weighted-scheme-sparse-0-25-`.
    static func cellAnchors(_ cells: [NotebookCell]) -> [String] {
        cells.enumerated().map { index, cell in "step-\(index + 1)-\(HTMLEscape.anchor(cell.stepID))" }
    }

    /// The title and the about text: what the verdicts follow.
    static func header(_ document: NotebookDocument) -> String {
        var html = "<header class=\"run\">\n<div class=\"eyebrow\">lab notebook · run \(document.runID)</div>\n"
        html += "<h1>\(HTMLEscape.text(document.title))</h1>\n"
        if let about = document.about, !about.isEmpty {
            html += "<div class=\"about\">\n\(MarkdownHTML.html(about, headingOffset: 1))\n</div>\n"
        }
        return html + "</header>"
    }

    /// The run's context: status, recipe, profile, overrides, times, step counts, environment.
    static func context(_ document: NotebookDocument) -> String {
        var html = "<section class=\"context\">\n"
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
        return html + "</section>"
    }

    static func overview(_ cells: [NotebookCell], anchors: [String]) -> String {
        var html = "<nav class=\"overview\">\n<div class=\"label\">Steps</div>\n<table>\n"
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

    static func section(_ section: NotebookSection, className: String? = nil) -> String {
        let classes = (["section"] + (className.map { [$0] } ?? [])).joined(separator: " ")
        var html = "<section class=\"\(classes)\">\n<h2>\(HTMLEscape.text(section.title))</h2>\n"
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
        let rows = pairs.map { "<tr><td>\(HTMLEscape.text($0.name))</td><td>\(HTMLEscape.text($0.value))</td></tr>" }
        return "<table class=\"kv\">\n" + rows.joined(separator: "\n") + "\n</table>"
    }
}
