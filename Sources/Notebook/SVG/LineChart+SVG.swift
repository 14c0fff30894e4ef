extension LineChart {
    /// The series that can be drawn: finite points only, and positive y on a log axis.
    func drawablePoints() -> [[(x: Double, y: Double)]] {
        series.map { line in
            line.points.filter { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
        }
    }

    func xTicks(_ points: [[(x: Double, y: Double)]]) -> AxisTicks {
        let xs = points.flatMap { $0.map(\.x) }
        return NiceTicks.linear(minimum: xs.min() ?? 0, maximum: xs.max() ?? 1)
    }

    /// Each series' band with finite edges (and positive ones on a log axis).
    func drawableBands() -> [[(x: Double, low: Double, high: Double)]] {
        series.map { line in
            line.band.filter { $0.x.isFinite && $0.low.isFinite && $0.high.isFinite && $0.low <= $0.high
                && (!logY || $0.low > 0) }
        }
    }

    func yTicks(_ points: [[(x: Double, y: Double)]]) -> AxisTicks {
        // The bands are on the axis too: a shaded interval is never cut off.
        let bandEdges = drawableBands().flatMap { $0.flatMap { [$0.low, $0.high] } }
        let ys = points.flatMap { $0.map(\.y) } + bandEdges
        if logY { return NiceTicks.logarithmic(minimum: ys.min() ?? 1, maximum: ys.max() ?? 10) }
        return NiceTicks.linear(minimum: ys.min() ?? 0, maximum: ys.max() ?? 1)
    }

    func frame(yTicks: AxisTicks) -> ChartFrame {
        let legend = series.enumerated().map { index, line in
            LegendItem(name: line.name, color: line.color ?? Palette.color(index), mark: .line(line.style))
        }
        return ChartFrame(width: width, height: height, title: title, legend: legend,
                          yTickLabels: yTicks.values.map(yTicks.label), hasYLabel: !yLabel.isEmpty,
                          bottomSpace: xLabel.isEmpty ? 28 : 44)
    }

    public func svg() -> String {
        let points = drawablePoints()
        guard points.contains(where: { !$0.isEmpty }) else {
            return ChartFrame.noData(title: title, width: width, height: height)
        }
        let xAxis = xTicks(points)
        let yAxis = yTicks(points)
        let frame = frame(yTicks: yAxis)
        let xScale = AxisScale(ticks: xAxis, start: frame.plotLeft, end: frame.plotRight)
        let yScale = AxisScale(ticks: yAxis, start: frame.plotBottom, end: frame.plotTop)

        var canvas = SVGCanvas(width: width, height: height)
        frame.drawTitleAndLegend(on: &canvas)
        frame.drawYAxis(ticks: yAxis, scale: yScale, label: yLabel, on: &canvas)
        frame.drawXAxis(ticks: xAxis, scale: xScale, label: xLabel, on: &canvas)
        // Bands first, under every line: upper edge left to right, lower edge back.
        for (index, band) in drawableBands().enumerated() where series[index].bandStyle == .errorBars {
            drawErrorBars(band, color: series[index].color ?? Palette.color(index), xScale: xScale, yScale: yScale,
                          on: &canvas)
        }
        for (index, band) in drawableBands().enumerated() where band.count >= 2 && series[index].bandStyle == .shaded {
            let sorted = band.sorted { $0.x < $1.x }
            let outline = sorted.map { (x: xScale.map($0.x), y: yScale.map($0.high)) }
                + sorted.reversed().map { (x: xScale.map($0.x), y: yScale.map($0.low)) }
            canvas.polygon(outline, fill: series[index].color ?? Palette.color(index), opacity: 0.18,
                           tooltip: "\(series[index].name): 95% interval")
        }
        for (index, line) in series.enumerated() {
            let color = line.color ?? Palette.color(index)
            let mapped = points[index].map { (x: xScale.map($0.x), y: yScale.map($0.y)) }
            if mapped.count >= 2 {
                canvas.polyline(LineChart.thinned(mapped), stroke: color, width: 2, style: line.style,
                                tooltip: line.name)
            }
            let showMarkers = markers ?? (mapped.count <= 40)
            if showMarkers || mapped.count == 1 {
                for (point, original) in zip(mapped, points[index]) {
                    canvas.circle(x: point.x, y: point.y, radius: 3, fill: color,
                                  tooltip: "\(line.name): (\(NumberFormat.compact(original.x)), "
                                      + "\(NumberFormat.compact(original.y)))")
                }
            }
        }
        return canvas.render(label: title)
    }

    /// A vertical whisker from low to high at each x, with short caps.
    private func drawErrorBars(_ band: [(x: Double, low: Double, high: Double)], color: String,
                               xScale: AxisScale, yScale: AxisScale, on canvas: inout SVGCanvas) {
        for point in band {
            let x = xScale.map(point.x), low = yScale.map(point.low), high = yScale.map(point.high)
            canvas.line(x1: x, y1: low, x2: x, y2: high, stroke: color, width: 1.5)
            for y in [low, high] { canvas.line(x1: x - 4, y1: y, x2: x + 4, y2: y, stroke: color, width: 1.5) }
        }
    }

    /// A long series (a loss curve of 20 000 steps) keeps, per pixel column, only its first,
    /// lowest, highest and last point: the drawn line looks the same, the file stays small.
    static func thinned(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        guard points.count > 2000 else { return points }
        var result: [(x: Double, y: Double)] = []
        var bucket: [(x: Double, y: Double)] = []
        func flush() {
            guard let first = bucket.first, let last = bucket.last else { return }
            var kept = [first]
            if let low = bucket.min(by: { $0.y < $1.y }), let high = bucket.max(by: { $0.y < $1.y }) {
                kept += low.x <= high.x ? [low, high] : [high, low]
            }
            kept.append(last)
            for point in kept where result.last.map({ $0 != point }) ?? true { result.append(point) }
            bucket.removeAll(keepingCapacity: true)
        }
        for point in points {
            if let current = bucket.first, point.x.rounded(.down) != current.x.rounded(.down) { flush() }
            bucket.append(point)
        }
        flush()
        return result
    }
}
