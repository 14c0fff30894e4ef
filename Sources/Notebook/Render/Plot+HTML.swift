extension Plot {
    /// A figure: the SVG of a chart, or an HTML table.
    func html() -> String {
        switch self {
        case .lines(let chart): return "<figure class=\"chart\">\n\(chart.svg())\n</figure>"
        case .bars(let chart): return "<figure class=\"chart\">\n\(chart.svg())\n</figure>"
        case .histogram(let chart): return "<figure class=\"chart\">\n\(chart.svg())\n</figure>"
        case .heatmap(let chart): return "<figure class=\"chart\">\n\(chart.svg())\n</figure>"
        case .table(let table): return table.html()
        }
    }
}

extension Table {
    public func html() -> String {
        let best = bestRows()
        let columnCount = max(header.count, rows.map(\.count).max() ?? 0)
        let numeric = numericColumns()
        var html = "<figure class=\"data-table\">\n"
        if !title.isEmpty { html += "<figcaption>\(HTMLEscape.text(title))</figcaption>\n" }
        html += "<table class=\"data\">\n"
        if !header.isEmpty {
            let cells = (0..<columnCount).map { column -> String in
                let text = column < header.count ? header[column] : ""
                return "<th\(numeric.contains(column) ? " class=\"num\"" : "")>\(HTMLEscape.text(text))</th>"
            }
            html += "<thead><tr>\(cells.joined())</tr></thead>\n"
        }
        html += "<tbody>\n"
        for (rowIndex, row) in rows.enumerated() {
            let cells = (0..<columnCount).map { column -> String in
                let text = column < row.count ? row[column] : ""
                var classes: [String] = []
                if numeric.contains(column) { classes.append("num") }
                if best[column]?.contains(rowIndex) == true { classes.append("best") }
                // `0.83 ± 0.09` stays on one line.
                if text.contains(" ± ") { classes.append("interval") }
                let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                return "<td\(attribute)>\(HTMLEscape.text(text))</td>"
            }
            html += "<tr>\(cells.joined())</tr>\n"
        }
        if rows.isEmpty {
            html += "<tr><td colspan=\"\(max(1, columnCount))\">no data</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</figure>"
    }
}
