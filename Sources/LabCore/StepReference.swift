/// How a resolved recipe spells "the output of step X" inside parameter values, before the
/// executor replaces it with X's artifact directory: `{"$step": "X"}` with X a step id.
/// In the cache key the reference is replaced by X's key instead.
public enum StepReference {
    public static let marker = "$step"

    public static func value(_ stepID: String) -> Value { .object([marker: .string(stepID)]) }

    /// The referenced step id, when `value` is a reference.
    public static func stepID(in value: Value) -> String? {
        guard case .object(let o) = value, o.count == 1, case .string(let id)? = o[marker] else { return nil }
        return id
    }

    /// Every step id referenced anywhere inside `value`, in first-seen order.
    public static func all(in value: Value) -> [String] {
        var seen: [String] = []
        func walk(_ v: Value) {
            if let id = stepID(in: v) { if !seen.contains(id) { seen.append(id) }; return }
            switch v {
            case .array(let items): items.forEach(walk)
            case .object(let o): o.keys.sorted().forEach { walk(o[$0]!) }
            default: break
            }
        }
        walk(value)
        return seen
    }

    /// `value` with each reference replaced by `replace(stepID)`.
    public static func substitute(in value: Value, _ replace: (String) throws -> Value) rethrows -> Value {
        if let id = stepID(in: value) { return try replace(id) }
        switch value {
        case .array(let items): return .array(try items.map { try substitute(in: $0, replace) })
        case .object(let o): return .object(try o.mapValues { try substitute(in: $0, replace) })
        default: return value
        }
    }
}
