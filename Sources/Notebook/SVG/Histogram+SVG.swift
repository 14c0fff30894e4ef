extension Histogram {
    /// Bins that can be drawn: finite, increasing edges with a finite count (positive on a log axis).
    func drawableBins() -> [[(low: Double, high: Double, count: Double)]] {
        series.map { distribution in
            var bins: [(low: Double, high: Double, count: Double)] = []
            for index in distribution.counts.indices where index + 1 < distribution.edges.count {
                let low = distribution.edges[index], high = distribution.edges[index + 1]
                let count = distribution.counts[index]
                guard low.isFinite, high.isFinite, high > low, count.isFinite, count >= 0 else { continue }
                bins.append((low, high, count))
            }
            return bins
        }
    }

    public func svg() -> String {
        let bins = drawableBins()
        let all = bins.flatMap { $0 }
        guard !all.isEmpty else { return ChartFrame.noData(title: title, width: width, height: height) }
        let xAxis = NiceTicks.linear(minimum: all.map(\.low).min() ?? 0, maximum: all.map(\.high).max() ?? 1)
        let positive = all.map(\.count).filter { $0 > 0 }
        let yAxis = logY
            // Half the smallest count as the floor, so that a bin of 1 still shows as a bar.
            ? NiceTicks.logarithmic(minimum: (positive.min() ?? 1) / 2, maximum: positive.max() ?? 10)
            : NiceTicks.linear(minimum: 0, maximum: max(all.map(\.count).max() ?? 1, 1e-12))
        let legend = series.enumerated().map { index, distribution in
            LegendItem(name: distribution.name, color: distribution.color ?? Palette.color(index), mark: .swatch)
        }
        let frame = ChartFrame(width: width, height: height, title: title, legend: legend,
                               yTickLabels: yAxis.values.map(yAxis.label), hasYLabel: !yLabel.isEmpty,
                               bottomSpace: xLabel.isEmpty ? 28 : 44)
        let xScale = AxisScale(ticks: xAxis, start: frame.plotLeft, end: frame.plotRight)
        let yScale = AxisScale(ticks: yAxis, start: frame.plotBottom, end: frame.plotTop)

        var canvas = SVGCanvas(width: width, height: height)
        frame.drawTitleAndLegend(on: &canvas)
        frame.drawYAxis(ticks: yAxis, scale: yScale, label: yLabel, on: &canvas)
        // Overlaid distributions: translucent fills so that all stay visible, a solid outline each.
        let fillOpacity = series.count > 1 ? 0.3 : 0.6
        for (index, distribution) in series.enumerated() {
            let color = distribution.color ?? Palette.color(index)
            var outline: [(x: Double, y: Double)] = []
            for bin in bins[index] {
                let left = xScale.map(bin.low), right = xScale.map(bin.high)
                let top = logY && bin.count <= 0 ? frame.plotBottom : yScale.map(bin.count)
                canvas.rect(x: left, y: top, width: right - left, height: frame.plotBottom - top, fill: color,
                            opacity: fillOpacity,
                            tooltip: "\(distribution.name): [\(NumberFormat.compact(bin.low)), "
                                + "\(NumberFormat.compact(bin.high))) \(NumberFormat.compact(bin.count))")
                if outline.last.map({ abs($0.x - left) > 0.01 }) ?? true {
                    outline.append((left, frame.plotBottom))
                }
                outline.append((left, top))
                outline.append((right, top))
                outline.append((right, frame.plotBottom))
            }
            if outline.count >= 2 { canvas.polyline(outline, stroke: color, width: 1.5) }
        }
        frame.drawXAxis(ticks: xAxis, scale: xScale, label: xLabel, on: &canvas)
        return canvas.render(label: title)
    }
}
