import Foundation
internal import YAML
import LabCore

/// Checks a step's resolved parameters against its operation's schema: no unknown names,
/// every required parameter present, each value of its declared type; then fills defaults,
/// resolves file parameters against the recipe's directory and asks the operation itself.
struct ParamChecker {
    let file: String
    let recipeDirectory: URL
    let step: StepDeclaration
    let stepID: String
    let operation: any LabCore.Operation
    /// Marks of the values by parameter path (`weights.scheme`), from `ValueResolver`.
    let marks: [String: Mark]

    struct Checked {
        var params: [String: Value]
        var files: [String]
    }

    func check(_ params: [String: Value]) throws(RecipeError) -> Checked {
        let specs = operation.params
        let names = specs.map(\.name)
        for entry in step.with where !names.contains(entry.key) {
            throw error(entry.keyMark, "unknown parameter '\(entry.key)' for op '\(operation.name)'"
                        + Suggestion.hint(for: entry.key, among: names))
        }
        var checked: [String: Value] = [:]
        checked.reserveCapacity(specs.count)
        var files: [String] = []
        for spec in specs {
            guard let value = params[spec.name] else {
                guard let defaultValue = spec.defaultValue else {
                    throw error(step.keyMark, "step '\(step.name)': missing required parameter '\(spec.name)' of op '\(operation.name)'")
                }
                checked[spec.name] = defaultValue
                continue
            }
            checked[spec.name] = try conform(value, to: spec.type, path: spec.name, files: &files)
            if let range = spec.range { try checkRange(checked[spec.name]!, range, path: spec.name) }
        }
        do {
            try operation.validate(checked)
        } catch let failure as OperationError {
            if case .badParameter(let name, _) = failure { throw error(mark(forPath: name), "\(failure)") }
            throw error(step.keyMark, "\(failure)")
        } catch {
            throw self.error(step.keyMark, "\(error)")
        }
        return Checked(params: checked, files: files)
    }

    /// Before the operation's own checks, so that no size it computes can overflow.
    private func checkRange(_ value: Value, _ range: ParamRange, path: String) throws(RecipeError) {
        if case .array(let items) = value {
            for (i, item) in items.enumerated() { try checkRange(item, range, path: "\(path)[\(i)]") }
            return
        }
        guard let number = value.doubleValue, !range.contains(number) else { return }
        let spelled = value.intValue.map(String.init) ?? "\(number)"
        throw error(marks[path], "parameter '\(path)' must be in \(range), got \(spelled)")
    }

    /// An error here names the variant, since the same line serves every variant of the step.
    private func error(_ mark: Mark?, _ message: String) -> RecipeError {
        let suffix = stepID == step.name ? "" : " (in \(stepID))"
        return RecipeError(file: file, mark: mark ?? step.keyMark, message + suffix)
    }

    /// The mark of `weights.scheme`, else of `weights`, else of the step.
    private func mark(forPath path: String) -> Mark {
        var path = path
        while !path.isEmpty {
            if let mark = marks[path] { return mark }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            path = String(path[..<cut])
        }
        return step.keyMark
    }

    private func conform(_ value: Value, to type: ParamType, path: String, files: inout [String]) throws(RecipeError) -> Value {
        let isReference = StepReference.stepID(in: value) != nil
        func mismatch() -> RecipeError {
            let got = isReference ? "a step reference" : value.typeDescription
            return error(marks[path], "parameter '\(path)' expects \(type.article), got \(got)")
        }
        switch type {
        case .any:
            return value
        case .step:
            guard isReference else { throw mismatch() }
            return value
        case .int:
            guard case .int = value else { throw mismatch() }
            return value
        case .double:
            guard !isReference, let number = value.doubleValue else { throw mismatch() }
            return .double(number)
        case .string:
            guard case .string = value else { throw mismatch() }
            return value
        case .bool:
            guard case .bool = value else { throw mismatch() }
            return value
        case .object:
            guard case .object = value, !isReference else { throw mismatch() }
            return value
        case .list(let element):
            guard case .array(let items) = value else { throw mismatch() }
            var out: [Value] = []
            for (i, item) in items.enumerated() {
                out.append(try conform(item, to: element, path: "\(path)[\(i)]", files: &files))
            }
            return .array(out)
        case .file:
            guard case .string(let relative) = value else { throw mismatch() }
            let url = relative.hasPrefix("/") ? URL(fileURLWithPath: relative)
                : recipeDirectory.appendingPathComponent(relative)
            let absolute = url.standardizedFileURL.path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
                throw error(marks[path], "parameter '\(path)': file '\(relative)' not found (looked for \(absolute))")
            }
            guard !isDirectory.boolValue else {
                throw error(marks[path], "parameter '\(path)': '\(relative)' is a directory, not a file")
            }
            // A FIFO or a device would block or never end when hashed for the cache key.
            if let kind = FileKind.irregular(absolute) {
                throw error(marks[path], "parameter '\(path)': '\(relative)' is \(kind), not a regular file")
            }
            if !files.contains(absolute) { files.append(absolute) }
            return .string(absolute)
        }
    }
}
