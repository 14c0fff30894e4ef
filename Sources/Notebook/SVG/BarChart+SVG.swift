extension BarChart {
    public func svg() -> String {
        let values = groups.flatMap { group in
            group.values.prefix(categories.count).filter(\.isFinite)
        }
        guard !categories.isEmpty, !values.isEmpty else {
            return ChartFrame.noData(title: title, width: width, height: height)
        }
        // Bars grow from zero, so zero is always on the axis; error bars stay inside it too.
        let whiskers = errorBarEnds()
        let axisValues = values + whiskers.flatMap { [$0.low, $0.high] }
        let yAxis = NiceTicks.linear(minimum: min(0, axisValues.min() ?? 0), maximum: max(0, axisValues.max() ?? 1))
        let legend = groups.enumerated().map { index, group in
            LegendItem(name: group.name, color: group.color ?? Palette.color(index), mark: .swatch)
        }
        // Long category names are turned 30° when they do not fit under their cluster.
        let estimatedBand = (width - 80) / Double(categories.count)
        let widestCategory = categories.map { SVGCanvas.textWidth($0, size: ChartFrame.tickSize) }.max() ?? 0
        let rotateLabels = widestCategory > estimatedBand - 6
        let labelDepth = rotateLabels ? min(widestCategory * 0.5 + 10, 90) : 16
        let frame = ChartFrame(width: width, height: height, title: title, legend: legend,
                               yTickLabels: yAxis.values.map(yAxis.label), hasYLabel: !yLabel.isEmpty,
                               bottomSpace: labelDepth + (xLabel.isEmpty ? 12 : 28))
        let yScale = AxisScale(ticks: yAxis, start: frame.plotBottom, end: frame.plotTop)

        var canvas = SVGCanvas(width: width, height: height)
        frame.drawTitleAndLegend(on: &canvas)
        frame.drawYAxis(ticks: yAxis, scale: yScale, label: yLabel, on: &canvas)

        let band = frame.plotWidth / Double(categories.count)
        let barWidth = band * 0.8 / Double(max(1, groups.count))
        let zero = yScale.map(0)
        for (categoryIndex, category) in categories.enumerated() {
            let bandLeft = frame.plotLeft + Double(categoryIndex) * band
            for (groupIndex, group) in groups.enumerated() {
                guard categoryIndex < group.values.count, group.values[categoryIndex].isFinite else { continue }
                let value = group.values[categoryIndex]
                let x = bandLeft + band * 0.1 + Double(groupIndex) * barWidth
                let top = yScale.map(value)
                let color = group.color ?? Palette.color(groupIndex)
                let error = group.error(at: categoryIndex)
                let valueText = NumberFormat.compact(value) + (error.map { " ± " + NumberFormat.compact($0) } ?? "")
                canvas.rect(x: x + 1, y: min(top, zero), width: barWidth - 2, height: abs(zero - top), fill: color,
                            tooltip: "\(category), \(group.name): \(valueText)")
                var labelAbove = top, labelBelow = top
                if let error {
                    let high = yScale.map(value + error), low = yScale.map(value - error)
                    drawErrorBar(x: x + barWidth / 2, high: high, low: low, capWidth: min(12, barWidth * 0.4), on: &canvas)
                    labelAbove = min(top, high)
                    labelBelow = max(top, low)
                }
                if showValues && barWidth >= 14 {
                    // Beside the bar's end, clear of its error bar.
                    let labelY = value >= 0 ? labelAbove - 4 : labelBelow + 12
                    canvas.text(NumberFormat.compact(value), x: x + barWidth / 2, y: labelY, anchor: .middle,
                                size: barWidth >= 26 ? 10.5 : 9, fill: Palette.ink)
                }
            }
            let middle = bandLeft + band / 2
            if rotateLabels {
                canvas.text(category, x: middle, y: frame.plotBottom + 14, anchor: .end, size: ChartFrame.tickSize,
                            fill: Palette.ink, rotation: -30)
            } else {
                canvas.text(category, x: middle, y: frame.plotBottom + 16, anchor: .middle,
                            size: ChartFrame.tickSize, fill: Palette.ink)
            }
        }
        canvas.line(x1: frame.plotLeft, y1: zero, x2: frame.plotRight, y2: zero, stroke: Palette.axis)
        frame.drawXLabel(xLabel, on: &canvas)
        return canvas.render(label: title)
    }

    /// value ± error of every bar that has an error bar.
    func errorBarEnds() -> [(low: Double, high: Double)] {
        groups.flatMap { group in
            group.values.prefix(categories.count).enumerated().compactMap { index, value in
                guard value.isFinite, let error = group.error(at: index) else { return nil }
                return (value - error, value + error)
            }
        }
    }

    /// A vertical line from `low` to `high` (pixels) with a cap at each end.
    private func drawErrorBar(x: Double, high: Double, low: Double, capWidth: Double, on canvas: inout SVGCanvas) {
        canvas.line(x1: x, y1: high, x2: x, y2: low, stroke: Palette.ink, width: 1.5)
        for y in [high, low] {
            canvas.line(x1: x - capWidth / 2, y1: y, x2: x + capWidth / 2, y2: y, stroke: Palette.ink, width: 1.5)
        }
    }
}
