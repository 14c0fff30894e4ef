/// A figure in a cell or section. Each kind renders as inline SVG in HTML and as a table or
/// compact text in Markdown.
public enum Plot: Sendable {
    case lines(LineChart)
    case bars(BarChart)
    case histogram(Histogram)
    case heatmap(Heatmap)
    case table(Table)

    public var title: String {
        switch self {
        case .lines(let chart): return chart.title
        case .bars(let chart): return chart.title
        case .histogram(let chart): return chart.title
        case .heatmap(let chart): return chart.title
        case .table(let table): return table.title
        }
    }
}
