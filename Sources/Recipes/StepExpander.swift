import Foundation
internal import YAML
import LabCore

/// Expands each recipe step into its variants and resolves their parameters: the last stage
/// of loading, after the parameters are final and the graph is known to be acyclic.
struct StepExpander {
    let document: RecipeDocument
    let graph: StepGraph
    let params: [String: Value]
    let operations: [String: any LabCore.Operation]
    let file: String
    let recipeDirectory: URL
    /// `--sweep` axes: each step that uses the parameter is swept over it.
    var parameterSweeps: [ParameterSweep] = []

    /// Each step's variants, by step name.
    func variantSpaces() throws(RecipeError) -> [String: VariantSpace] {
        for step in document.steps where operations[step.op] == nil {
            let names = operations.keys.sorted()
            throw RecipeError(file: file, mark: step.opMark, "unknown op '\(step.op)'" + Suggestion.hint(for: step.op, among: names))
        }
        let stepIndex = Dictionary(document.steps.map { ($0.name, $0.index) }, uniquingKeysWith: { a, _ in a })
        var spaces: [String: VariantSpace] = [:]
        for name in graph.topologicalOrder {
            guard let step = document.steps.first(where: { $0.name == name }) else { continue }
            spaces[name] = try VariantSpace.of(step, edges: graph.edges[name] ?? [], spaces: spaces,
                                               stepIndex: stepIndex, params: params, parameterSweeps: parameterSweeps,
                                               usedParameters: graph.parameters[name] ?? [], file: file)
        }
        return spaces
    }

    /// Steps in recipe order, each step's variants adjacent in grid order.
    func expand(_ spaces: [String: VariantSpace]) throws(RecipeError) -> [ResolvedStep] {
        var resolved: [ResolvedStep] = []
        for step in document.steps {
            guard let operation = operations[step.op] else { continue }
            for variant in spaces[step.name]?.variants ?? [] {
                resolved.append(try resolve(step, variant: variant, operation: operation, spaces: spaces))
            }
        }
        return resolved
    }

    private func resolve(_ step: StepDeclaration, variant: Variant, operation: any LabCore.Operation,
                         spaces: [String: VariantSpace]) throws(RecipeError) -> ResolvedStep {
        let id = variant.id(for: step.name)
        let file = self.file
        var resolver = ValueResolver(file: file, params: params, variant: variant) { reference, mark throws(RecipeError) in
            switch reference {
            case .step(let name):
                // The upstream variant whose sweep values agree with this one on the shared keys.
                guard let upstream = spaces[name]?.variants.first(where: { $0.agrees(with: variant) }) else {
                    throw RecipeError(file: file, mark: mark, "no variant of step '\(name)' matches \(id)")
                }
                return StepReference.value(upstream.id(for: name))
            case .all(let name):
                let matching = (spaces[name]?.variants ?? []).filter { $0.agrees(with: variant) }
                guard !matching.isEmpty else {
                    throw RecipeError(file: file, mark: mark, "no variant of step '\(name)' matches \(id)")
                }
                return .array(matching.map { StepReference.value($0.id(for: name)) })
            case .param, .sweep:
                throw RecipeError(file: file, mark: mark, "internal: '\(reference.spelling)' is not a step reference")
            }
        }
        resolver.sweptParameters = Set(parameterSweeps.map(\.name))
        var values: [String: Value] = [:]
        var commandVariables: [String: Value] = [:]
        for entry in step.with {
            if entry.key == operation.commandParameter?.command {
                (values[entry.key], commandVariables) = try resolver.command(entry.value, path: entry.key)
            } else {
                values[entry.key] = try resolver.resolve(entry.value, path: entry.key)
            }
        }
        if let environment = operation.commandParameter?.environment, !commandVariables.isEmpty {
            values[environment] = try merge(commandVariables, into: values[environment], name: environment, step: step)
        }
        let checker = ParamChecker(file: file, recipeDirectory: recipeDirectory, step: step, stepID: id,
                                   operation: operation, marks: resolver.marks)
        let checked = try checker.check(values)
        var title: String?
        if let titleNode = step.title {
            title = try ScalarTemplate.of(titleNode, file: file).map { template throws(RecipeError) in try resolver.text(template) }
                ?? titleNode.scalarText
        }
        let ownKeys = variant.keys.filter { spaces[step.name]?.origins[$0] == step.name }
        return ResolvedStep(id: id, name: step.name, variant: variant.pairs, op: step.op, params: checked.params,
                            title: title, note: step.note, files: checked.files, order: step.index, ownSweepKeys: ownKeys,
                            resources: step.resources)
    }

    /// The command's variables added to the step's own environment mapping (which a variable
    /// may not shadow).
    private func merge(_ variables: [String: Value], into environment: Value?, name: String,
                       step: StepDeclaration) throws(RecipeError) -> Value? {
        // Anything but a plain mapping fails the type check later.
        guard case .object(var entries) = environment ?? .object([:]), StepReference.stepID(in: environment ?? .null) == nil else { return environment }
        for (variable, value) in variables {
            if entries[variable] != nil {
                let mark = step.with.first { $0.key == name }?.value.mark ?? step.keyMark
                throw RecipeError(file: file, mark: mark, "'\(name).\(variable)' is set by lab from a reference in the command; rename it")
            }
            entries[variable] = value
        }
        return .object(entries)
    }
}
