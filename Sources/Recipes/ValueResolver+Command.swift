internal import YAML
import LabCore

extension ValueResolver {
    /// A shell command (`run`): its text with every reference rewritten to a quoted environment
    /// variable, and the variables' values (a step reference stays a reference, so the cache key
    /// holds the upstream key and the executor the artifact folder). A reference the shell would
    /// not expand (inside single quotes, after a backslash) is refused with the `env:` form.
    mutating func command(_ node: YAMLNode, path: String) throws(RecipeError) -> (command: Value, variables: [String: Value]) {
        guard let template = try ScalarTemplate.of(node, file: file) else { return (try resolve(node, path: path), [:]) }
        marks[path] = node.mark
        let command = CommandTemplate(template.template.mappingReferences(effective))
        var variables: [String: Value] = [:]
        var sources: [String: Reference] = [:]
        for placed in command.references {
            let mark = template.mark(of: placed.offset)
            if let misplacement = placed.misplacement {
                let env = CommandTemplate.envForm(of: placed.reference)
                let placement = misplacement == .singleQuoted ? "is inside single quotes" : "follows a backslash"
                throw RecipeError(file: file, mark: mark, "'\(placed.reference.spelling)' \(placement) in '\(path)', where the shell "
                                  + "would not expand it; pass it through the environment instead: "
                                  + "\(env.entry) and write \"$\(env.name)\" in '\(path)'")
            }
            if let other = sources[placed.variable], other != placed.reference {
                throw RecipeError(file: file, mark: mark, "'\(other.spelling)' and '\(placed.reference.spelling)' in '\(path)' "
                                  + "would both become $\(placed.variable); rename one")
            }
            sources[placed.variable] = placed.reference
            variables[placed.variable] = try environmentValue(of: placed.reference, at: mark)
        }
        return (.string(command.text), variables)
    }

    /// Scalars keep their type; lists and mappings read as they would inside a text (compact JSON),
    /// except step outputs, which stay references.
    private func environmentValue(of reference: Reference, at mark: Mark) throws(RecipeError) -> Value {
        let value = try value(of: reference, at: mark)
        switch (reference, value) {
        case (.step, _), (.all, _), (_, .bool), (_, .int), (_, .double), (_, .string): return value
        default: return .string(value.interpolationText)
        }
    }
}
