import Foundation

extension Heatmap {
    /// The value range mapped onto the colour scale: the given one, else the finite data's.
    func effectiveRange() -> ClosedRange<Double>? {
        if let range, range.lowerBound.isFinite, range.upperBound.isFinite {
            return PlotLimit.clamp(range.lowerBound)...PlotLimit.clamp(range.upperBound)
        }
        let finite = values.flatMap { $0 }.filter(\.isFinite).map(PlotLimit.clamp)
        guard let low = finite.min(), let high = finite.max() else { return nil }
        return low...high
    }

    func value(row: Int, column: Int) -> Double {
        guard row < values.count, column < values[row].count else { return .nan }
        return values[row][column]
    }

    func fraction(_ value: Double, in range: ClosedRange<Double>) -> Double {
        let span = range.upperBound - range.lowerBound
        return span > 0 ? (PlotLimit.clamp(value) - range.lowerBound) / span : 0.5
    }

    public func svg() -> String {
        let rows = max(rowLabels.count, values.count)
        let columns = max(columnLabels.count, values.map(\.count).max() ?? 0)
        guard rows > 0, columns > 0, let range = effectiveRange() else {
            return ChartFrame.noData(title: title, width: width, height: 160)
        }
        let rowNames = (0..<rows).map { $0 < rowLabels.count ? rowLabels[$0] : "\($0)" }
        let columnNames = (0..<columns).map { $0 < columnLabels.count ? columnLabels[$0] : "\($0)" }

        // Layout: y label | row labels | cells | colour bar with its ticks.
        let widestRow = rowNames.map { SVGCanvas.textWidth($0, size: ChartFrame.tickSize) }.max() ?? 0
        let left = (yLabel.isEmpty ? 8 : 26) + widestRow + 8
        let colourBarSpace = 74.0
        let cellWidth = max(4, (width - left - colourBarSpace - 8) / Double(columns))
        let cellHeight = min(max(cellWidth * 0.8, 14), 30)
        let widestColumn = columnNames.map { SVGCanvas.textWidth($0, size: ChartFrame.tickSize) }.max() ?? 0
        let rotateColumns = widestColumn > cellWidth - 4
        let columnLabelDepth = rotateColumns ? min(widestColumn * 0.71 + 12, 90) : 18
        let top = title.isEmpty ? 10.0 : 34.0
        let gridBottom = top + Double(rows) * cellHeight
        let height = gridBottom + columnLabelDepth + (xLabel.isEmpty ? 8 : 24)

        var canvas = SVGCanvas(width: width, height: height)
        if !title.isEmpty { canvas.title(title, size: ChartFrame.titleSize) }
        let showText = showValues && cellWidth >= 18 && cellHeight >= 12
        let valueSize = min(11, cellWidth / 3.2)
        for row in 0..<rows {
            let y = top + Double(row) * cellHeight
            canvas.text(rowNames[row], x: left - 6, y: y + cellHeight / 2 + 4, anchor: .end,
                        size: ChartFrame.tickSize, fill: Palette.ink)
            for column in 0..<columns {
                let x = left + Double(column) * cellWidth
                let cell = value(row: row, column: column)
                let tooltip = "\(yLabel.isEmpty ? "" : yLabel + " ")\(rowNames[row]), "
                    + "\(xLabel.isEmpty ? "" : xLabel + " ")\(columnNames[column]): \(NumberFormat.compact(cell))"
                guard cell.isFinite else {
                    canvas.rect(x: x, y: y, width: cellWidth, height: cellHeight, fill: "#eeeeee",
                                stroke: "#ffffff", strokeWidth: 0.5, tooltip: tooltip)
                    continue
                }
                let position = fraction(cell, in: range)
                canvas.rect(x: x, y: y, width: cellWidth, height: cellHeight, fill: scale.hex(position),
                            stroke: "#ffffff", strokeWidth: 0.5, tooltip: tooltip)
                if showText {
                    canvas.text(NumberFormat.compact(cell), x: x + cellWidth / 2, y: y + cellHeight / 2 + valueSize / 3,
                                anchor: .middle, size: valueSize, fill: scale.textColor(position))
                }
            }
        }
        for column in 0..<columns {
            let middle = left + (Double(column) + 0.5) * cellWidth
            if rotateColumns {
                canvas.text(columnNames[column], x: middle + 3, y: gridBottom + 10, anchor: .end,
                            size: ChartFrame.tickSize, fill: Palette.ink, rotation: -45)
            } else {
                canvas.text(columnNames[column], x: middle, y: gridBottom + 14, anchor: .middle,
                            size: ChartFrame.tickSize, fill: Palette.ink)
            }
        }
        if !yLabel.isEmpty {
            canvas.text(yLabel, x: 16, y: (top + gridBottom) / 2, anchor: .middle, size: ChartFrame.labelSize,
                        rotation: -90)
        }
        if !xLabel.isEmpty {
            canvas.text(xLabel, x: left + Double(columns) * cellWidth / 2, y: height - 8, anchor: .middle,
                        size: ChartFrame.labelSize)
        }
        drawColourBar(on: &canvas, range: range, left: left + Double(columns) * cellWidth + 14, top: top,
                      bottom: max(gridBottom, top + 80))
        return canvas.render(label: title)
    }

    /// A vertical bar of stacked colour slices (no gradient defs, so ids never clash between
    /// plots in one page), with nice ticks of the value range.
    private func drawColourBar(on canvas: inout SVGCanvas, range: ClosedRange<Double>, left: Double, top: Double,
                               bottom: Double) {
        let slices = 48
        let sliceHeight = (bottom - top) / Double(slices)
        for slice in 0..<slices {
            let position = (Double(slice) + 0.5) / Double(slices)
            let y = bottom - Double(slice + 1) * sliceHeight
            canvas.rect(x: left, y: y, width: 12, height: sliceHeight + 0.4, fill: scale.hex(position))
        }
        canvas.rect(x: left, y: top, width: 12, height: bottom - top, fill: "none", stroke: Palette.axis,
                    strokeWidth: 0.5)
        let span = range.upperBound - range.lowerBound
        let ticks = span > 0
            ? NiceTicks.linear(minimum: range.lowerBound, maximum: range.upperBound, count: 5)
            : AxisTicks(lower: range.lowerBound, upper: range.upperBound, values: [range.lowerBound], step: nil)
        for value in ticks.values where value >= range.lowerBound - span * 1e-9 && value <= range.upperBound + span * 1e-9 {
            let y = span > 0 ? bottom - (value - range.lowerBound) / span * (bottom - top) : (top + bottom) / 2
            canvas.line(x1: left + 12, y1: y, x2: left + 16, y2: y, stroke: Palette.axis)
            canvas.text(ticks.label(value), x: left + 19, y: y + 4, size: ChartFrame.tickSize, fill: Palette.muted)
        }
    }
}
