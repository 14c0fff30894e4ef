import LabCore

/// The Markdown notebook: the HTML page's content in a form a terminal reads well, in the
/// same order (title and about, verdicts, figures, comparisons, contents, context with the
/// recipe, steps, cells).
enum NotebookMarkdown {
    static func page(_ document: NotebookDocument) -> String {
        var blocks: [String] = []
        blocks.append("# \(document.title)")
        blocks.append("lab notebook · run \(document.runID) · \(StatusStyle.markdown(document.status))")
        if let about = document.about, !about.isEmpty {
            blocks.append(MarkdownText.demoteHeadings(about, by: 1))
        }
        let sections = NotebookHTML.reportSections(document).map(\.section)
        for section in sections { blocks.append(NotebookMarkdown.section(section)) }
        blocks.append("## Contents\n\n" + (sections.map(\.title) + ["Run, recipe and environment", "Steps"]).enumerated()
            .map { "\($0 + 1). \(MarkdownText.cell($1))" }.joined(separator: "\n"))
        blocks.append("## Run, recipe and environment")
        blocks.append(header(document))
        if let command = document.rerunCommand { blocks.append("To run it again:\n\n" + MarkdownText.fenced(command)) }
        if let text = document.recipeText {
            blocks.append("The recipe as run (\(MarkdownText.code(document.recipePath))):\n\n" + MarkdownText.fenced(text))
        }
        if !document.cells.isEmpty {
            blocks.append("## Steps")
            let rows = document.cells.enumerated().map { index, cell in
                ["\(index + 1)", MarkdownText.cell(cell.title ?? cell.stepID), MarkdownText.code(cell.stepID),
                 MarkdownText.cell(cell.op), StatusStyle.markdown(cell.status), NotebookHTML.timeText(cell)]
            }
            blocks.append(MarkdownText.table(header: ["#", "step", "id", "op", "status", "time"], rows: rows,
                                             numeric: [0, 5]))
        }
        for (index, cell) in document.cells.enumerated() {
            blocks.append(NotebookMarkdown.cell(cell, number: index + 1))
        }
        blocks.append("---\n*Written by lab from the ledger of run \(document.runID).*")
        return blocks.joined(separator: "\n\n") + "\n"
    }

    static func header(_ document: NotebookDocument) -> String {
        var rows: [[String]] = [
            ["Status", StatusStyle.markdown(document.status)],
            ["Recipe", MarkdownText.code(document.recipePath)],
        ]
        if let profile = document.profile { rows.append(["Profile", MarkdownText.cell(profile)]) }
        if !document.overrides.isEmpty {
            rows.append(["Overrides", document.overrides.map { MarkdownText.code("\($0.name)=\($0.value)") }
                            .joined(separator: " ")])
        }
        rows.append(["Started", DisplayFormat.date(document.startedAt)])
        if let duration = document.duration { rows.append(["Duration", DisplayFormat.duration(duration)]) }
        rows.append(["Steps", StatusStyle.summary(document.cells)])
        for (name, value) in document.environment {
            rows.append([MarkdownText.cell(name), MarkdownText.cell(value)])
        }
        return MarkdownText.table(header: ["run \(document.runID)", ""], rows: rows)
    }

    static func cell(_ cell: NotebookCell, number: Int) -> String {
        var blocks: [String] = []
        blocks.append("## \(number). \(cell.title ?? cell.stepID)")
        var sub = ["\(StatusStyle.markdown(cell.status)) · \(NotebookHTML.timeText(cell))"]
        if cell.title != nil { sub.append(MarkdownText.code(cell.stepID)) }
        sub.append("op \(MarkdownText.code(cell.op))")
        if !cell.key.isEmpty { sub.append("key \(MarkdownText.code(DisplayFormat.shortKey(cell.key)))") }
        blocks.append(sub.joined(separator: " · "))
        if !cell.variant.isEmpty {
            blocks.append("Variant: " + cell.variant.map { MarkdownText.code("\($0.name) = \($0.value)") }
                            .joined(separator: ", "))
        }
        if let note = cell.note, !note.isEmpty { blocks.append(MarkdownText.demoteHeadings(note, by: 2)) }
        if !cell.params.isEmpty {
            blocks.append("**Parameters**")
            // A multi-line value (a shell command) is a block of its own, lines as written.
            let multiLine = cell.params.filter { $0.value.contains("\n") }
            blocks.append(MarkdownText.table(header: ["parameter", "value"], rows: cell.params.map {
                [MarkdownText.cell($0.name), $0.value.contains("\n") ? "(below)" : MarkdownText.cell($0.value)]
            }))
            for param in multiLine { blocks.append("\(MarkdownText.code(param.name)):\n\n" + MarkdownText.fenced(param.value)) }
        }
        if let error = cell.error, !error.isEmpty {
            // A step that ran carries a note (why its cached artifact was not reused), not an error.
            blocks.append(cell.status == .ran ? "**Note**" : "**Error**")
            blocks.append(MarkdownText.fenced(error))
        }
        if let log = cell.logTail, !log.isEmpty {
            blocks.append("**Log (last lines)**")
            blocks.append(MarkdownText.fenced(log))
        }
        if !cell.scalars.isEmpty {
            blocks.append("**Metrics**")
            blocks.append(MarkdownText.table(header: ["metric", "value"], rows: cell.scalars.map {
                [MarkdownText.cell($0.name), NumberFormat.compact($0.value)]
            }, numeric: [1]))
        }
        if !cell.series.isEmpty {
            blocks.append("**Series**")
            blocks.append(seriesTable(cell.series))
        }
        blocks.append(contentsOf: cell.plots.map { $0.markdown() })
        if !cell.files.isEmpty {
            blocks.append("**Files**")
            blocks.append(MarkdownText.table(header: ["file", "size"], rows: cell.files.map {
                [MarkdownText.code($0.path), DisplayFormat.bytes($0.bytes)]
            }, numeric: [1]))
        }
        return blocks.joined(separator: "\n\n")
    }

    /// One row per metric series: its extent, first, min, max and last values and its shape.
    static func seriesTable(_ series: [(name: String, points: [SeriesPoint])]) -> String {
        let rows = series.map { name, points -> [String] in
            let finite = points.filter { $0.value.isFinite }
            guard let first = finite.first, let last = finite.last else {
                return [MarkdownText.cell(name), "0", "–", "–", "–", "–", ""]
            }
            let values = finite.map(\.value)
            return [MarkdownText.cell(name), "\(points.count)",
                    "\(NumberFormat.compact(first.value)) @\(first.iteration)",
                    NumberFormat.compact(values.min() ?? .nan), NumberFormat.compact(values.max() ?? .nan),
                    "\(NumberFormat.compact(last.value)) @\(last.iteration)", MarkdownText.sparkline(values)]
        }
        return MarkdownText.table(header: ["series", "points", "first", "min", "max", "last", "trend"], rows: rows,
                                  numeric: [1, 2, 3, 4, 5])
    }

    static func section(_ section: NotebookSection) -> String {
        var blocks = ["## \(section.title)"]
        if let note = section.note, !note.isEmpty { blocks.append(MarkdownText.demoteHeadings(note, by: 2)) }
        blocks.append(contentsOf: section.plots.map { $0.markdown() })
        if let footnote = section.footnote, !footnote.isEmpty { blocks.append(MarkdownText.demoteHeadings(footnote, by: 2)) }
        return blocks.joined(separator: "\n\n")
    }
}
