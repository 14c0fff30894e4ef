import LabCore

/// The notebook's display formats, public so that the CLI fills a `NotebookDocument` (and
/// prints its own tables) with exactly the same spelling of numbers, times and parameters.
public enum NotebookFormat {
    /// Four significant digits: `0.1235`, `12.35`, `2000`, `1.235e-05`.
    public static func number(_ value: Double) -> String {
        NumberFormat.compact(value)
    }

    /// `45 ms`, `1.2 s`, `12 s`, `3 min 4 s`, `2 h 5 min`.
    public static func duration(_ seconds: Double) -> String {
        DisplayFormat.duration(seconds)
    }

    /// `812 B`, `1.2 KB`, `3.4 MB`.
    public static func bytes(_ count: Int64) -> String {
        DisplayFormat.bytes(count)
    }

    /// A parameter value in one line: strings bare, numbers compact, a step reference as
    /// `→ step-id`, lists as `[a, b]`, objects as `{k: v}` with sorted keys.
    public static func value(_ value: Value) -> String {
        if let stepID = StepReference.stepID(in: value) { return "→ \(stepID)" }
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let integer): return String(integer)
        case .double(let double): return NumberFormat.compact(double)
        case .string(let text): return text
        case .array(let items): return "[" + items.map(Self.value).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { "\($0): \(Self.value(members[$0] ?? .null))" }
                .joined(separator: ", ") + "}"
        }
    }

    /// Nested objects flattened to dotted names in sorted order, each leaf shown with `value(_:)`:
    /// `{"model": {"layers": 4}, "data": {"$step": "data"}}` → `[("data", "→ data"), ("model.layers", "4")]`.
    /// Use it for a cell's `params` and `variant`.
    public static func flatten(_ value: Value) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        func walk(_ node: Value, _ path: String) {
            if case .object(let members) = node, StepReference.stepID(in: node) == nil, !members.isEmpty {
                for key in members.keys.sorted() {
                    walk(members[key] ?? .null, path.isEmpty ? key : "\(path).\(key)")
                }
            } else {
                pairs.append((path, Self.value(node)))
            }
        }
        walk(value, "")
        return pairs
    }
}
