extension Plot {
    /// The plot's data as a Markdown table or, when that would be long, a compact summary.
    func markdown() -> String {
        let body: String
        switch self {
        case .lines(let chart): body = chart.markdown()
        case .bars(let chart): body = chart.markdown()
        case .histogram(let chart): body = chart.markdown()
        case .heatmap(let chart): body = chart.markdown()
        case .table(let table): body = table.markdown()
        }
        return title.isEmpty ? body : "**\(MarkdownText.cell(title))**\n\n\(body)"
    }
}

extension LineChart {
    /// Points a chart drawn with error bars may have to be written out in full.
    public static let pointTableLimit = 20

    /// Per series: points, first, min, max, last (with their x) and a sparkline; a chart of
    /// error-bar series with few x values as a table of every point instead (x × series).
    func markdown() -> String {
        let points = drawablePoints()
        let xs = Array(Set(points.flatMap { $0.map(\.x) })).sorted()
        if !series.isEmpty, series.allSatisfy({ $0.bandStyle == .errorBars }), xs.count <= Self.pointTableLimit {
            return pointTable(points, xs: xs)
        }
        guard points.contains(where: { !$0.isEmpty }) else { return "*no data*" }
        let axes = "x: \(xLabel), y: \(yLabel)\(logY ? " (log)" : "")"
        let allY = points.flatMap { $0.map(\.y) }
        let shared = (allY.min() ?? 0)...(allY.max() ?? 0)
        let rows = zip(series, points).map { line, drawable -> [String] in
            let style = line.style == .solid ? "" : " (\(line.style.rawValue))"
            guard let first = drawable.first, let last = drawable.last else {
                return [MarkdownText.cell(line.name) + style, "0", "–", "–", "–", "–", ""]
            }
            let ys = drawable.map(\.y)
            // A band shows as ± half its width at the first and last point.
            func interval(at x: Double) -> String {
                guard let band = line.band.first(where: { $0.x == x }), band.low.isFinite, band.high.isFinite else { return "" }
                return " ± " + NumberFormat.compact((band.high - band.low) / 2)
            }
            return [MarkdownText.cell(line.name) + style, "\(drawable.count)",
                    "\(NumberFormat.compact(first.y))\(interval(at: first.x)) @\(NumberFormat.compact(first.x))",
                    NumberFormat.compact(ys.min() ?? .nan), NumberFormat.compact(ys.max() ?? .nan),
                    "\(NumberFormat.compact(last.y))\(interval(at: last.x)) @\(NumberFormat.compact(last.x))",
                    MarkdownText.sparkline(ys, range: shared)]
        }
        return "*\(MarkdownText.cell(axes))*\n\n" + MarkdownText.table(
            header: ["series", "points", "first", "min", "max", "last", "trend"], rows: rows, numeric: [1, 2, 3, 4, 5])
    }
}

extension BarChart {
    /// Categories as rows, groups as columns.
    func markdown() -> String {
        guard !categories.isEmpty, !groups.isEmpty else { return "*no data*" }
        let rows = categories.enumerated().map { index, category in
            [MarkdownText.cell(category)] + groups.map { group in
                guard index < group.values.count, group.values[index].isFinite else { return "–" }
                let error = group.error(at: index).map { " ± " + NumberFormat.compact($0) } ?? ""
                return NumberFormat.compact(group.values[index]) + error
            }
        }
        let header = [MarkdownText.cell(xLabel.isEmpty ? "" : xLabel)] + groups.map { MarkdownText.cell($0.name) }
        let caption = yLabel.isEmpty ? "" : "*values: \(MarkdownText.cell(yLabel))*\n\n"
        return caption + MarkdownText.table(header: header, rows: rows, numeric: Set(1...groups.count))
    }
}

extension Histogram {
    /// Shared bins (at most 30): one row per bin, one column per distribution.
    /// Otherwise one summary row per distribution with a sparkline of its counts.
    func markdown() -> String {
        let bins = drawableBins()
        guard bins.contains(where: { !$0.isEmpty }) else { return "*no data*" }
        let firstEdges = bins.first.map { $0.map(\.low) } ?? []
        let shared = bins.allSatisfy { $0.map(\.low) == firstEdges } && firstEdges.count <= 30
        if shared, let reference = bins.first {
            let rows = reference.enumerated().map { index, bin in
                ["[\(NumberFormat.compact(bin.low)), \(NumberFormat.compact(bin.high)))"]
                    + bins.map { NumberFormat.compact($0[index].count) }
            }
            return MarkdownText.table(header: [MarkdownText.cell(xLabel)] + series.map { MarkdownText.cell($0.name) },
                                      rows: rows, numeric: Set(1...series.count))
        }
        let rows = zip(series, bins).map { distribution, drawable -> [String] in
            let total = drawable.reduce(0) { $0 + $1.count }
            let low = drawable.first.map { NumberFormat.compact($0.low) } ?? "–"
            let high = drawable.last.map { NumberFormat.compact($0.high) } ?? "–"
            return [MarkdownText.cell(distribution.name), "\(drawable.count)", NumberFormat.compact(total),
                    "\(low) … \(high)", MarkdownText.sparkline(drawable.map(\.count), width: 32)]
        }
        return MarkdownText.table(header: ["distribution", "bins", "total", "range", "counts"], rows: rows,
                                  numeric: [1, 2])
    }
}

extension Heatmap {
    /// Rows × columns as a table (the y label heads the row-label column).
    func markdown() -> String {
        let rowCount = max(rowLabels.count, values.count)
        let columnCount = max(columnLabels.count, values.map(\.count).max() ?? 0)
        guard rowCount > 0, columnCount > 0, effectiveRange() != nil else { return "*no data*" }
        let corner = [yLabel, xLabel].filter { !$0.isEmpty }.joined(separator: " / ")
        let header = [MarkdownText.cell(corner)] + (0..<columnCount).map {
            MarkdownText.cell($0 < columnLabels.count ? columnLabels[$0] : "\($0)")
        }
        let rows = (0..<rowCount).map { row in
            [MarkdownText.cell(row < rowLabels.count ? rowLabels[row] : "\(row)")] + (0..<columnCount).map { column in
                let cell = value(row: row, column: column)
                return cell.isFinite ? NumberFormat.compact(cell) : "–"
            }
        }
        return MarkdownText.table(header: header, rows: rows, numeric: Set(1...columnCount))
    }
}

extension Table {
    /// A pipe table with the best value of each highlighted column in bold.
    public func markdown() -> String {
        let best = bestRows()
        let rendered = rows.enumerated().map { rowIndex, row in
            row.enumerated().map { column, text in
                best[column]?.contains(rowIndex) == true ? "**\(MarkdownText.cell(text))**" : MarkdownText.cell(text)
            }
        }
        guard !header.isEmpty || !rows.isEmpty else { return "*no data*" }
        return MarkdownText.table(header: header, rows: rendered, numeric: numericColumns())
    }
}

extension LineChart {
    /// One row per x value, one column per series: mean ± half the interval.
    func pointTable(_ points: [[(x: Double, y: Double)]], xs: [Double]) -> String {
        let rows = xs.map { x in
            [NumberFormat.compact(x)] + zip(series, points).map { line, drawable -> String in
                guard let point = drawable.first(where: { $0.x == x }) else { return "–" }
                let band = line.band.first { $0.x == x && $0.low.isFinite && $0.high.isFinite }
                return NumberFormat.compact(point.y) + (band.map { " ± " + NumberFormat.compact(($0.high - $0.low) / 2) } ?? "")
            }
        }
        return "*\(MarkdownText.cell("y: \(yLabel), mean ± half the 95% interval"))*\n\n" + MarkdownText.table(
            header: [MarkdownText.cell(xLabel)] + series.map { MarkdownText.cell($0.name) }, rows: rows,
            numeric: Set(0...series.count))
    }
}
