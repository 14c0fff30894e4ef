/// Named series of (x, y) points on shared axes. Non-finite points are skipped.
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [LineSeries]
    /// Logarithmic y axis; points with y ≤ 0 are then skipped.
    public var logY: Bool
    /// Draws a dot at every point; nil means "when a series has few points" (≤ 40).
    public var markers: Bool?
    public var width: Double
    public var height: Double

    public init(title: String, xLabel: String, yLabel: String, series: [LineSeries], logY: Bool = false,
                markers: Bool? = nil, width: Double = 640, height: Double = 340) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logY = logY
        self.markers = markers
        self.width = width
        self.height = height
    }
}

public struct LineSeries: Sendable {
    public var name: String
    public var points: [(x: Double, y: Double)]
    public var style: LineStyle
    /// A CSS colour; nil takes the next colour of the palette.
    public var color: String?
    /// A shaded band around the line (e.g. the 95% interval of a mean curve), by x; points
    /// without a band are left out of it.
    public var band: [(x: Double, low: Double, high: Double)]
    /// How the band is drawn: shaded (a long curve) or as error bars at its points (a few
    /// points, e.g. one per value of a sweep).
    public var bandStyle: BandStyle

    public init(name: String, points: [(x: Double, y: Double)], style: LineStyle = .solid, color: String? = nil,
                band: [(x: Double, low: Double, high: Double)] = [], bandStyle: BandStyle = .shaded) {
        self.name = name
        self.points = points
        self.style = style
        self.color = color
        self.band = band
        self.bandStyle = bandStyle
    }
}

public enum BandStyle: String, Sendable {
    case shaded, errorBars
}

public enum LineStyle: String, Sendable {
    case solid, dashed, dotted
}
