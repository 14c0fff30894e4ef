import LabCore

extension Value {
    /// The value as it reads inside a longer text: strings bare, numbers, booleans, and
    /// canonical JSON for lists and mappings.
    var interpolationText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return "\(d)"
        case .string(let s): return s
        case .array, .object: return canonicalJSON
        }
    }
}
