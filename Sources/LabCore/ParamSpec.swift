/// The type of one operation parameter, as the recipe validator checks it.
public indirect enum ParamType: Sendable, Equatable, CustomStringConvertible {
    case int
    case double          // an integer is accepted and widened
    case string
    case bool
    case file            // a path relative to the recipe; its content goes into the cache key
    case step            // a reference to another step's output: ${steps.NAME}
    case list(ParamType) // a list of the element type (a gathered sweep is a list of .step)
    case object          // a free-form mapping the operation validates itself
    case any             // anything; the operation validates it

    public var description: String {
        switch self {
        case .int: return "int"
        case .double: return "number"
        case .string: return "string"
        case .bool: return "bool"
        case .file: return "file"
        case .step: return "step"
        case .list(let t): return "list of \(t)"
        case .object: return "mapping"
        case .any: return "any"
        }
    }
}

/// One parameter of an operation: its name, type, default (nil: required), the range of a
/// number (every numeric parameter has one) and one line of doc.
public struct ParamSpec: Sendable {
    public let name: String
    public let type: ParamType
    public let defaultValue: Value?
    public let range: ParamRange?
    public let doc: String

    public init(_ name: String, _ type: ParamType, default defaultValue: Value? = nil,
                range: ClosedRange<Double>? = nil, _ doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.range = range.map(ParamRange.init)
        self.doc = doc
    }

    /// An int or a number, or a list of them: such a parameter needs a range.
    public var isNumeric: Bool {
        switch type {
        case .int, .double, .list(.int), .list(.double): return true
        default: return false
        }
    }

    public var isRequired: Bool { defaultValue == nil }
}
