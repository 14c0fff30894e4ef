/// The values a numeric parameter accepts, inclusive at both ends: checked at plan time for
/// every number (and every number in a list), shown by `lab ops NAME`. Bounds keep sizes far
/// from `Int` overflow and from allocations no machine can make.
public struct ParamRange: Sendable, Equatable, CustomStringConvertible {
    public let lower: Double
    public let upper: Double

    public init(_ range: ClosedRange<Double>) {
        lower = range.lowerBound
        upper = range.upperBound
    }

    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }

    /// `1...10000000`, `0.01...64`.
    public var description: String { "\(Self.spell(lower))...\(Self.spell(upper))" }

    static func spell(_ bound: Double) -> String {
        bound.rounded() == bound && abs(bound) < 1e15 ? String(Int(bound)) : "\(bound)"
    }
}
