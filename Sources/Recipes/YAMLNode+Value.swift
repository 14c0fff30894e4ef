internal import YAML
import LabCore

extension YAMLNode {
    /// The node as a `Value`: plain scalars typed by the YAML 1.2 core schema, quoted ones as
    /// strings, lists as arrays, mappings as objects (keys by their text). No `${…}` handling.
    var labValue: Value {
        switch self {
        case .scalar:
            return typedScalar.map(Value.init) ?? .null
        case .sequence(let items, _):
            return .array(items.map(\.labValue))
        case .mapping(let pairs, _):
            var object: [String: Value] = [:]
            for pair in pairs { object[pair.key.scalarText ?? ""] = pair.value.labValue }
            return .object(object)
        }
    }
}

extension Value {
    init(_ scalar: YAMLScalar) {
        switch scalar {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        }
    }
}
