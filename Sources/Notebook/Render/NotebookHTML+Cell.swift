import LabCore

extension NotebookHTML {
    static func cell(_ cell: NotebookCell, anchor: String) -> String {
        var html = "<section class=\"cell status-\(cell.status.rawValue)\" id=\"\(anchor)\">\n"
        html += "<div class=\"cell-head\"><h2>\(HTMLEscape.text(cell.title ?? cell.stepID))</h2>"
            + "\(StatusStyle.badge(cell.status))<span class=\"time\">\(timeText(cell))</span></div>\n"
        var sub: [String] = []
        if cell.title != nil { sub.append("<code>\(HTMLEscape.text(cell.stepID))</code>") }
        sub.append("op <code>\(HTMLEscape.text(cell.op))</code>")
        if !cell.key.isEmpty { sub.append("key <code>\(HTMLEscape.text(DisplayFormat.shortKey(cell.key)))</code>") }
        html += "<div class=\"cell-sub\">\(sub.joined(separator: " · "))</div>\n"
        if !cell.variant.isEmpty {
            let chips = cell.variant.map {
                "<span class=\"chip\">\(HTMLEscape.text($0.name)) = \(HTMLEscape.text($0.value))</span>"
            }
            html += "<div class=\"chips\">\(chips.joined())</div>\n"
        }
        if let note = cell.note, !note.isEmpty {
            html += "<div class=\"note\">\n\(MarkdownHTML.html(note, headingOffset: 2))\n</div>\n"
        }
        if cell.error != nil || cell.logTail != nil { html += failure(cell) }
        if !cell.scalars.isEmpty { html += scalars(cell.scalars) }
        // The main plot shows; the rest of the detail (more plots, parameters, files) is folded.
        let plots = seriesCharts(cell.series).map(Plot.lines) + cell.plots
        if let first = plots.first { html += "<div class=\"plots\">\n" + first.html() + "\n</div>\n" }
        var folded: [String] = []
        var parts: [String] = []
        if plots.count > 1 {
            parts.append("\(plots.count - 1) more plot\(plots.count == 2 ? "" : "s")")
            folded.append("<div class=\"plots\">\n" + plots.dropFirst().map { $0.html() }.joined(separator: "\n") + "\n</div>")
        }
        if !cell.params.isEmpty {
            parts.append("parameters (\(cell.params.count))")
            folded.append("<div class=\"label\">Parameters</div>\n" + keyValueTable(cell.params))
        }
        if !cell.files.isEmpty {
            parts.append("files (\(cell.files.count))")
            folded.append(files(cell.files, directory: cell.artifactDirectory))
        }
        if !folded.isEmpty {
            html += "<details class=\"more\"><summary>\(HTMLEscape.text(parts.joined(separator: ", ")))</summary>\n"
                + folded.joined(separator: "\n") + "\n</details>\n"
        }
        return html + "</section>"
    }

    static func failure(_ cell: NotebookCell) -> String {
        var html = ""
        if let error = cell.error, !error.isEmpty {
            // A step that ran carries a note (why its cached artifact was not reused), not an error.
            let label = cell.status == .ran ? "Note" : "Error"
            html += "<div class=\"error\"><div class=\"label\">\(label)</div><pre>\(HTMLEscape.text(error))</pre></div>\n"
        }
        if let log = cell.logTail, !log.isEmpty {
            html += "<div class=\"log\"><div class=\"label\">Log (last lines)</div>"
                + "<pre>\(HTMLEscape.text(log))</pre></div>\n"
        }
        return html
    }

    static func scalars(_ scalars: [(name: String, value: Double)]) -> String {
        let rows = scalars.map {
            "<tr><td>\(HTMLEscape.text($0.name))</td><td class=\"num\">\(HTMLEscape.text(NumberFormat.compact($0.value)))</td></tr>"
        }
        return "<div class=\"label\">Metrics</div>\n<div class=\"metrics\"><table class=\"kv\">\n"
            + rows.joined(separator: "\n") + "\n</table></div>\n"
    }

    /// Each file links to its place in the workspace: the notebook is `experiments/run-N/`,
    /// two levels under the workspace that holds `artifacts/<key>/`.
    static func files(_ files: [(path: String, bytes: Int64)], directory: String?) -> String {
        let rows = files.map { file -> String in
            let name = "<code>\(HTMLEscape.text(file.path))</code>"
            let link = directory.map { "<a href=\"../../\(HTMLEscape.attribute(HTMLEscape.urlPath($0 + "/" + file.path)))\">\(name)</a>" } ?? name
            return "<tr><td>\(link)</td><td class=\"num\">\(DisplayFormat.bytes(file.bytes))</td></tr>"
        }
        return "<div class=\"label\">Files</div>\n<table class=\"files\">\n" + rows.joined(separator: "\n") + "\n</table>\n"
    }

    /// One small line chart per metric series (x = iteration). A series spanning more than
    /// two orders of magnitude, all positive, gets a log y axis.
    static func seriesCharts(_ series: [(name: String, points: [SeriesPoint])]) -> [LineChart] {
        series.map { name, points in
            let values = points.map(\.value).filter(\.isFinite)
            let positive = !values.isEmpty && values.allSatisfy { $0 > 0 }
            let wide = positive && (values.max() ?? 1) / (values.min() ?? 1) > 100
            let line = LineSeries(name: name, points: points.map { (x: Double($0.iteration), y: $0.value) })
            return LineChart(title: name, xLabel: "iteration", yLabel: name, series: [line], logY: wide,
                             width: 460, height: 260)
        }
    }
}
