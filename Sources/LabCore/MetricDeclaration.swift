/// What a metric an operation returns means, declared by the operation that makes it, so that
/// the notebook and `lab results` follow the declaration instead of guessing from the name.
public struct MetricDeclaration: Sendable, Equatable {
    /// The shape of the metric.
    public enum Kind: Sendable, Equatable {
        case scalar
        /// A series; `x` names its horizontal axis (`iteration`, `distance bucket`, `bin`).
        case series(x: String)
        case matrix
    }

    /// Which way is better, when either is.
    public enum Direction: String, Sendable, Equatable {
        case higherIsBetter = "higher"
        case lowerIsBetter = "lower"
        /// A count, a setting, a size: no best.
        case neither
    }

    /// The metric's name, or a pattern where `*` stands for any run of characters
    /// (`recall.acc.d*`).
    public var name: String
    public var kind: Kind
    public var direction: Direction
    /// One line: what the number is.
    public var meaning: String
    /// A matrix's colours in the notebook's heatmap (other kinds ignore it).
    public var palette: Palette
    /// The values a matrix's colour scale spans, e.g. `0...100` for a score in percent, so that
    /// two heatmaps of the metric share one scale; nil: each matrix's own finite min…max.
    public var range: ClosedRange<Double>?
    /// A measurement of the machine, not a result (wall time, throughput): it differs between
    /// any two runs, so `lab verify` shows it but never counts it as a difference.
    public var measuresTime = false

    public init(_ name: String, _ kind: Kind = .scalar, _ direction: Direction, _ meaning: String,
                palette: Palette = .whiteToBlue, range: ClosedRange<Double>? = nil) {
        self.name = name
        self.kind = kind
        self.direction = direction
        self.meaning = meaning
        self.palette = palette
        self.range = range
    }

    /// A scalar: `MetricDeclaration("recall.spans", .neither, "spans evaluated (a count)")`.
    public init(_ name: String, _ direction: Direction, _ meaning: String) {
        self.init(name, .scalar, direction, meaning)
    }

    /// How a matrix is coloured, from its low end to its high end. The declaration chooses:
    /// the direction alone never colours a matrix red or green.
    public enum Palette: String, Sendable, Equatable, CaseIterable {
        /// White (low) → dark blue (high): a magnitude with no good or bad end (head scores,
        /// counts). The default.
        case whiteToBlue
        /// Red (low) → yellow → green (high), as the NIAH paper draws its grids: for a matrix
        /// where higher is better.
        case redToGreen
        /// Green (low) → yellow → red (high): for a matrix where lower is better (a loss).
        case greenToRed
    }

    /// The horizontal axis of a series: the declared one, `iteration` for other kinds.
    public var seriesAxis: String {
        if case .series(let x) = kind { return x }
        return "iteration"
    }

    /// This declaration, marked as a measurement of time (`measuresTime`).
    public func timing() -> MetricDeclaration {
        var copy = self
        copy.measuresTime = true
        return copy
    }

    /// Whether `metric` is this declaration's name or matches its pattern.
    public func matches(_ metric: String) -> Bool {
        guard name.contains("*") else { return name == metric }
        let parts = name.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard metric.hasPrefix(parts[0]) else { return false }
        var rest = Substring(metric.dropFirst(parts[0].count))
        for (index, part) in parts.enumerated().dropFirst() {
            if index == parts.count - 1 { return part.isEmpty || rest.hasSuffix(part) }
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }
}

extension Array where Element == MetricDeclaration {
    /// The first declaration that matches `metric` (exact names should come before patterns).
    public func declaration(for metric: String) -> MetricDeclaration? {
        first { $0.name == metric } ?? first { $0.matches(metric) }
    }
}
