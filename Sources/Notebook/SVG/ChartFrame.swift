/// The layout shared by every x/y chart: title, legend, plot area, axes with ticks and labels.
///
///     ┌──────────────────────────────────────────┐
///     │ Title                                    │
///     │ ── series a   - - series b               │  legend rows (only with ≥ 2 entries)
///     │ y  ┌──────────────────────────────────┐  │
///     │ l  │            plot area             │  │
///     │ a  └──────────────────────────────────┘  │
///     │        ticks               x label       │
///     └──────────────────────────────────────────┘
struct ChartFrame {
    static let titleSize = 14.0
    static let labelSize = 12.0
    static let tickSize = 11.0
    static let legendRowHeight = 18.0

    let width: Double
    let height: Double
    let title: String
    let plotLeft: Double
    let plotTop: Double
    let plotRight: Double
    let plotBottom: Double
    private let legendRows: [[(item: LegendItem, x: Double)]]
    private let legendTop: Double

    /// `yTickLabels` sizes the left margin; `bottomSpace` is room below the plot for ticks and
    /// the x label; `rightSpace` room for a colour bar.
    init(width: Double, height: Double, title: String, legend: [LegendItem], yTickLabels: [String],
         hasYLabel: Bool, bottomSpace: Double = 44, rightSpace: Double = 18) {
        self.width = width
        self.height = height
        self.title = title
        var cursor = title.isEmpty ? 8.0 : 30.0
        legendTop = cursor
        let items = legend.count >= 2 ? legend : []
        legendRows = ChartFrame.layoutLegend(items, left: 12, right: width - 12)
        if !legendRows.isEmpty { cursor += Double(legendRows.count) * ChartFrame.legendRowHeight + 4 }
        plotTop = cursor + 8
        let widestTick = yTickLabels.map { SVGCanvas.textWidth($0, size: ChartFrame.tickSize) }.max() ?? 0
        plotLeft = max(44, (hasYLabel ? 26 : 8) + widestTick + 10)
        plotRight = width - rightSpace
        plotBottom = height - bottomSpace
    }

    var plotWidth: Double { plotRight - plotLeft }
    var plotHeight: Double { plotBottom - plotTop }

    func drawTitleAndLegend(on canvas: inout SVGCanvas) {
        if !title.isEmpty {
            canvas.title(title, size: ChartFrame.titleSize)
        }
        for (rowIndex, row) in legendRows.enumerated() {
            let middle = legendTop + Double(rowIndex) * ChartFrame.legendRowHeight + ChartFrame.legendRowHeight / 2
            for (item, x) in row {
                switch item.mark {
                case .line(let style):
                    canvas.line(x1: x, y1: middle, x2: x + 22, y2: middle, stroke: item.color, width: 2.5, style: style)
                case .swatch:
                    canvas.rect(x: x + 5, y: middle - 6, width: 12, height: 12, fill: item.color)
                }
                canvas.text(item.name, x: x + 28, y: middle + 4, size: ChartFrame.labelSize)
            }
        }
    }

    /// Horizontal grid lines, the y tick labels and the rotated y label.
    func drawYAxis(ticks: AxisTicks, scale: AxisScale, label: String, on canvas: inout SVGCanvas) {
        for value in ticks.values {
            let y = scale.map(value)
            canvas.line(x1: plotLeft, y1: y, x2: plotRight, y2: y, stroke: Palette.grid)
            canvas.text(ticks.label(value), x: plotLeft - 6, y: y + 4, anchor: .end, size: ChartFrame.tickSize,
                        fill: Palette.muted)
        }
        canvas.line(x1: plotLeft, y1: plotTop, x2: plotLeft, y2: plotBottom, stroke: Palette.axis)
        if !label.isEmpty {
            let middle = (plotTop + plotBottom) / 2
            canvas.text(label, x: 16, y: middle, anchor: .middle, size: ChartFrame.labelSize, fill: Palette.ink,
                        rotation: -90)
        }
    }

    /// Tick marks and labels along the bottom and the x label.
    func drawXAxis(ticks: AxisTicks, scale: AxisScale, label: String, on canvas: inout SVGCanvas) {
        canvas.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: Palette.axis)
        for value in ticks.values {
            let x = scale.map(value)
            canvas.line(x1: x, y1: plotBottom, x2: x, y2: plotBottom + 4, stroke: Palette.axis)
            canvas.text(ticks.label(value), x: x, y: plotBottom + 16, anchor: .middle, size: ChartFrame.tickSize,
                        fill: Palette.muted)
        }
        drawXLabel(label, on: &canvas)
    }

    func drawXLabel(_ label: String, on canvas: inout SVGCanvas) {
        guard !label.isEmpty else { return }
        canvas.text(label, x: (plotLeft + plotRight) / 2, y: height - 8, anchor: .middle,
                    size: ChartFrame.labelSize)
    }

    /// A chart with nothing to draw: its title and a dashed box saying so.
    static func noData(title: String, width: Double, height: Double, reason: String = "no data") -> String {
        var canvas = SVGCanvas(width: width, height: min(height, 160))
        let top = title.isEmpty ? 10.0 : 32.0
        if !title.isEmpty { canvas.title(title, size: titleSize) }
        canvas.rect(x: 12, y: top, width: width - 24, height: canvas.height - top - 10, fill: "#fafafa",
                    stroke: Palette.axis, dashed: true)
        canvas.text(reason, x: width / 2, y: (top + canvas.height - 10) / 2 + 4, anchor: .middle,
                    size: labelSize, fill: Palette.muted)
        return canvas.render(label: title.isEmpty ? reason : "\(title): \(reason)")
    }

    private static func layoutLegend(_ items: [LegendItem], left: Double,
                                     right: Double) -> [[(item: LegendItem, x: Double)]] {
        var rows: [[(item: LegendItem, x: Double)]] = []
        var current: [(item: LegendItem, x: Double)] = []
        var x = left
        for item in items {
            let itemWidth = 28 + SVGCanvas.textWidth(item.name, size: labelSize) + 18
            if x + itemWidth > right && !current.isEmpty {
                rows.append(current)
                current = []
                x = left
            }
            current.append((item, x))
            x += itemWidth
        }
        if !current.isEmpty { rows.append(current) }
        return rows
    }
}
