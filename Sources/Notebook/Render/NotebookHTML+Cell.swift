import LabCore

extension NotebookHTML {
    /// Parameter lists longer than this start folded.
    static let foldedParameterCount = 10

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
        if !cell.params.isEmpty {
            let open = cell.params.count <= foldedParameterCount ? " open" : ""
            html += "<details class=\"params\"\(open)><summary>Parameters (\(cell.params.count))</summary>\n"
            html += keyValueTable(cell.params) + "\n</details>\n"
        }
        if cell.error != nil || cell.logTail != nil { html += failure(cell) }
        if !cell.scalars.isEmpty { html += scalars(cell.scalars) }
        let plots = seriesCharts(cell.series).map(Plot.lines) + cell.plots
        if !plots.isEmpty {
            html += "<div class=\"plots\">\n" + plots.map { $0.html() }.joined(separator: "\n") + "\n</div>\n"
        }
        if !cell.files.isEmpty { html += files(cell.files) }
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

    static func files(_ files: [(path: String, bytes: Int64)]) -> String {
        let rows = files.map {
            "<tr><td><code>\(HTMLEscape.text($0.path))</code></td><td class=\"num\">\(DisplayFormat.bytes($0.bytes))</td></tr>"
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
