import LabCore

/// Parameters flattened to dotted names (`model.dim`) with scalar leaves, as the `params` table
/// stores them and `--where` filters them. Lists stay whole (their canonical JSON); a step
/// reference `{"$step": id}` is a leaf of type `step` whose text is the step id.
public enum FlatParameters {
    public static func flatten(_ params: Value) -> [String: Value] {
        var out: [String: Value] = [:]
        func walk(_ value: Value, _ prefix: String) {
            if case .object(let members) = value, StepReference.stepID(in: value) == nil, !members.isEmpty || prefix.isEmpty {
                for (name, member) in members { walk(member, prefix.isEmpty ? name : prefix + "." + name) }
            } else if !prefix.isEmpty {
                out[prefix] = value
            }
        }
        walk(params, "")
        return out
    }

    /// The stored type of a leaf: `string`, `number`, `bool`, `null`, `list` or `step`.
    static func type(of value: Value) -> String {
        if StepReference.stepID(in: value) != nil { return "step" }
        switch value {
        case .string: return "string"
        case .int, .double: return "number"
        case .bool: return "bool"
        case .null: return "null"
        case .array, .object: return "list"
        }
    }

    /// The text column: strings as themselves, a step reference as its step id, others as JSON.
    static func text(of value: Value) -> String {
        if let id = StepReference.stepID(in: value) { return id }
        if case .string(let s) = value { return s }
        return value.canonicalJSON
    }

    /// A short display form for tables: strings bare, numbers shortest, references `<step>`.
    public static func display(_ value: Value) -> String {
        if let id = StepReference.stepID(in: value) { return "<\(id)>" }
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : "\(d)"
        default: return value.canonicalJSON
        }
    }
}
