extension BarChart {
    public func svg() -> String {
        let values = groups.flatMap { group in
            group.values.prefix(categories.count).filter(\.isFinite)
        }
        guard !categories.isEmpty, !values.isEmpty else {
            return ChartFrame.noData(title: title, width: width, height: height)
        }
        // Bars grow from zero, so zero is always on the axis.
        let yAxis = NiceTicks.linear(minimum: min(0, values.min() ?? 0), maximum: max(0, values.max() ?? 1))
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
                canvas.rect(x: x + 1, y: min(top, zero), width: barWidth - 2, height: abs(zero - top), fill: color,
                            tooltip: "\(category), \(group.name): \(NumberFormat.compact(value))")
                if showValues && barWidth >= 14 {
                    let labelY = value >= 0 ? top - 4 : top + 12
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
}
