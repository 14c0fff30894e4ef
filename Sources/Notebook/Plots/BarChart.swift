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
    /// Error bars: `errors[i]` is the half-width drawn above and below `values[i]` (e.g. of a
    /// 95% confidence interval); empty, or NaN for one bar: no error bar.
    public var errors: [Double]
    public var color: String?

    public init(name: String, values: [Double], errors: [Double] = [], color: String? = nil) {
        self.name = name
        self.values = values
        self.errors = errors
        self.color = color
    }

    /// The finite half-width of bar `index`, if it has one.
    public func error(at index: Int) -> Double? {
        guard index < errors.count, errors[index].isFinite, errors[index] >= 0 else { return nil }
        return errors[index]
    }
}
