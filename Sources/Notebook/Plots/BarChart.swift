/// Grouped bars: one cluster per category, one bar per group within it
/// (e.g. categories = schemes, groups = {long-range acc, short-range acc}).
public struct BarChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var categories: [String]
    public var groups: [BarGroup]
    /// Writes each bar's value above it.
    public var showValues: Bool
    public var width: Double
    public var height: Double

    public init(title: String, xLabel: String = "", yLabel: String, categories: [String], groups: [BarGroup],
                showValues: Bool = true, width: Double = 640, height: Double = 340) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.categories = categories
        self.groups = groups
        self.showValues = showValues
        self.width = width
        self.height = height
    }
}

/// One bar per category; `values[i]` belongs to `categories[i]` (missing or NaN: no bar).
public struct BarGroup: Sendable {
    public var name: String
    public var values: [Double]
    public var color: String?

    public init(name: String, values: [Double], color: String? = nil) {
        self.name = name
        self.values = values
        self.color = color
    }
}
