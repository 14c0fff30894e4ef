import Foundation

extension WeightConfig {
    /// One elementwise step applied to the score gap, in the order the config lists them.
    public enum Transform: Sendable, Hashable, CustomStringConvertible {
        /// |x|
        case absolute
        /// -x
        case minus
        /// e^x
        case exp
        /// max(x, 0)
        case max
        /// x - log s, s > 0 (so `max` after it keeps tokens with a gap above log s)
        case shift(Double)

        public func apply(_ x: Double) -> Double {
            switch self {
            case .absolute: return Swift.abs(x)
            case .minus: return -x
            case .exp: return Foundation.exp(x)
            case .max: return Swift.max(x, 0)
            case .shift(let s): return x - Foundation.log(s)
            }
        }

        /// Spelling in a spec chain: `absolute`, `minus`, `exp`, `max`, `shift(2)`.
        public var description: String {
            switch self {
            case .absolute: return "absolute"
            case .minus: return "minus"
            case .exp: return "exp"
            case .max: return "max"
            case .shift(let s): return "shift(\(formatNumber(s)))"
            }
        }

        static let names = ["absolute", "minus", "exp", "max", "shift"]

        func validate() throws {
            if case .shift(let s) = self, !(s.isFinite && s > 0) {
                throw TokenWeightingError.badParameter(
                    "shift", "shift s must be > 0 (it enters as log s), got \(formatNumber(s))")
            }
        }
    }
}
