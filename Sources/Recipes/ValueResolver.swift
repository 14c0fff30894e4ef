internal import YAML
import LabCore

/// Turns a YAML value of a step into a `Value`, replacing references.
///
/// A string that is exactly one reference takes the referenced value (`steps: ${steps}` is an
/// integer, `model: ${steps.train}` a step reference); a reference inside a longer string is
/// written into it as text. Step references cannot be part of a text: they become paths only
/// when the step runs. The mark of every value is kept under its path (`weights.scheme`,
/// `layers[0]`) so that an operation's complaint about a parameter can point at its line.
struct ValueResolver {
    let file: String
    let params: [String: Value]
    /// This variant's sweep values; nil while resolving sweep values themselves.
    let variant: Variant?
    /// The value of `${steps.X}` or `${all.X}` for this variant.
    let stepValue: (Reference, Mark) throws(RecipeError) -> Value
    var marks: [String: Mark] = [:]
    /// Parameters swept by `--sweep`: where the variant has the parameter's axis, `${name}` reads
    /// as `${sweep.name}` (the same value, and the same key as a written sweep).
    var sweptParameters: Set<String> = []

    init(file: String, params: [String: Value], variant: Variant?,
         stepValue: @escaping (Reference, Mark) throws(RecipeError) -> Value) {
        self.file = file
        self.params = params
        self.variant = variant
        self.stepValue = stepValue
    }

    mutating func resolve(_ node: YAMLNode, path: String) throws(RecipeError) -> Value {
        marks[path] = node.mark
        switch node {
        case .scalar:
            guard let template = try ScalarTemplate.of(node, file: file) else { return node.labValue }
            if let (reference, offset) = template.template.soleReference {
                return try value(of: reference, at: template.mark(of: offset))
            }
            return .string(try text(template))
        case .sequence(let items, _):
            var values: [Value] = []
            for (i, item) in items.enumerated() { values.append(try resolve(item, path: "\(path)[\(i)]")) }
            return .array(values)
        case .mapping(let pairs, _):
            var object: [String: Value] = [:]
            for pair in pairs {
                let key = pair.key.scalarText ?? ""
                object[key] = try resolve(pair.value, path: path.isEmpty ? key : "\(path).\(key)")
            }
            return .object(object)
        }
    }

    /// The template written out as text (titles, `"--lr ${lr}"`).
    func text(_ template: ScalarTemplate) throws(RecipeError) -> String {
        var out = ""
        for segment in template.template.segments {
            switch segment {
            case .text(let text):
                out += text
            case .reference(let reference, let offset):
                let mark = template.mark(of: offset)
                switch reference {
                case .param, .sweep:
                    out += try value(of: reference, at: mark).interpolationText
                case .step, .all:
                    throw RecipeError(file: file, mark: mark, "'\(reference.spelling)' must be the whole value, not part of a text "
                                      + "(a step's output becomes a path only when the step runs)")
                }
            }
        }
        return out
    }

    /// `${lr}` as `${sweep.lr}` when `lr` is swept by `--sweep` and this variant has its axis.
    func effective(_ reference: Reference) -> Reference {
        guard case .param(let name) = reference, sweptParameters.contains(name), variant?.value(name) != nil else { return reference }
        return .sweep(name)
    }

    func value(of reference: Reference, at mark: Mark) throws(RecipeError) -> Value {
        switch effective(reference) {
        case .param(let name):
            guard let value = params[name] else {
                throw RecipeError(file: file, mark: mark, "unknown parameter '\(name)' in '\(reference.spelling)'"
                                  + Suggestion.hint(for: name, among: params.keys.sorted()))
            }
            return value
        case .sweep(let key):
            guard let variant else {
                throw RecipeError(file: file, mark: mark, "'\(reference.spelling)' cannot be used here")
            }
            guard let value = variant.value(key) else {
                let hint = variant.keys.isEmpty ? " (this step has no sweep)" : Suggestion.hint(for: key, among: variant.keys)
                throw RecipeError(file: file, mark: mark, "unknown sweep key '\(key)' in '\(reference.spelling)'" + hint)
            }
            return value
        case .step, .all:
            return try stepValue(reference, mark)
        }
    }
}
