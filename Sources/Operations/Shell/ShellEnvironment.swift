import Foundation
import LabCore

/// The environment of a shell step: lab's own, plus `LAB_*` variables, plus the step's `env`
/// entries. Values reach the command only through the environment, never through its text,
/// so a parameter can never inject shell syntax.
enum ShellEnvironment {
    /// Where the recipe loader puts the references written inside `run` (`${s}` → `LAB_P_s`).
    static let referencePrefixes = ["LAB_P_", "LAB_SWEEP_", "LAB_STEP_", "LAB_ALL_"]

    /// `env` names: shell-variable syntax, and not `LAB_…` (reserved for lab's own) except the
    /// variables of references in `run`.
    static func checkName(_ name: String) throws(OperationError) {
        let first = name.unicodeScalars.first
        let ok = first.map { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) } ?? false
            && name.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        guard ok else { throw .badParameter("env.\(name)", "not a valid environment variable name") }
        guard !name.hasPrefix("LAB_") || referencePrefixes.contains(where: name.hasPrefix) else { throw .badParameter("env.\(name)", "names starting with LAB_ are reserved for lab") }
    }

    /// A value as environment text: strings as they are, numbers in their shortest form, booleans
    /// `true`/`false`, lists (e.g. a gathered sweep's artifact folders) one item per line,
    /// mappings as canonical JSON.
    static func text(_ value: Value) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) + ".0" : "\(d)"
        case .string(let s): return s
        case .array(let items): return items.map(text).joined(separator: "\n")
        case .object: return value.canonicalJSON
        }
    }

    static func build(context: OperationContext, inputs: [String], env: [String: Value]) -> [String: String] {
        var result = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LAB_") }
        result["LAB_OUT"] = context.outputDirectory.path
        result["LAB_METRICS"] = context.outputDirectory.appendingPathComponent(ShellOperation.metricsFileName).path
        result["LAB_RECIPE_DIR"] = context.recipeDirectory.path
        result["LAB_SEED"] = String(context.seed)
        result["LAB_STEP"] = context.stepID
        result["LAB_THREADS"] = String(context.threads)
        for (i, path) in inputs.enumerated() { result["LAB_INPUT_\(i)"] = path }
        for (name, value) in env { result[name] = text(value) }
        return result
    }
}
