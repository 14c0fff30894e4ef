/// A grid of values, rows × columns, coloured by a scale (e.g. the NIAH heatmap:
/// rows = depth %, columns = context length, 0 red → 100 green).
public struct Heatmap: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// `values[row][column]`; NaN (or a missing entry) is drawn as an empty grey cell.
    public var values: [[Double]]
    /// The values mapped to the two ends of the scale; nil: the data's min…max.
    public var range: ClosedRange<Double>?
    public var scale: ColorScale
    /// Writes each value inside its cell.
    public var showValues: Bool
    public var width: Double

    public init(title: String, xLabel: String, yLabel: String, rowLabels: [String], columnLabels: [String],
                values: [[Double]], range: ClosedRange<Double>? = nil, scale: ColorScale = .redYellowGreen,
                showValues: Bool = false, width: Double = 720) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.range = range
        self.scale = scale
        self.showValues = showValues
        self.width = width
    }
}

/// How a heatmap turns a value in 0…1 (after its range) into a colour.
public enum ColorScale: String, Sendable {
    /// red (low) → yellow → green (high): the NIAH heatmap.
    case redYellowGreen
    /// green (low) → yellow → red (high): where lower is better.
    case greenYellowRed
    /// white (low) → blue (high): per-layer head scores.
    case whiteBlue
}
