internal import YAML
import LabCore

/// Which steps read which, from the `${steps.X}` (follow) and `${all.X}` (gather) references
/// in their `with`; checks that every reference names a known step or parameter and that the
/// steps form no cycle.
///
///     data ──► tokens ──► weighted[scheme=…] ──► eval[scheme=…]     (follows: one per variant)
///                                  └─────────► summary              (gathers: ${all.weighted})
struct StepGraph {
    struct Edge {
        var target: String
        var gathers: Bool
        var mark: Mark
    }

    /// Per step name: the steps it reads, in the order first referenced.
    private(set) var edges: [String: [Edge]] = [:]
    /// Step names in an order where every step comes after the steps it reads.
    private(set) var topologicalOrder: [String] = []
    /// Per step name: the parameters its `with` uses (`${lr}`), which `--sweep` may sweep.
    private(set) var parameters: [String: Set<String>] = [:]

    init(document: RecipeDocument, file: String) throws(RecipeError) {
        let stepNames = document.steps.map(\.name)
        let paramNames = document.params.map(\.name)
        // Step names are unique already: the YAML reader rejects duplicate keys.
        for step in document.steps {
            var stepEdges: [Edge] = []
            var used: Set<String> = []
            for entry in step.with {
                try Self.visitReferences(in: entry.value, file: file) { reference, mark throws(RecipeError) in
                    switch reference {
                    case .param(let name):
                        guard paramNames.contains(name) else {
                            throw RecipeError(file: file, mark: mark, "unknown parameter '\(name)' in '\(reference.spelling)'"
                                              + Suggestion.hint(for: name, among: paramNames))
                        }
                        used.insert(name)
                    case .step(let name), .all(let name):
                        guard stepNames.contains(name) else {
                            throw RecipeError(file: file, mark: mark, "unknown step '\(name)' in '\(reference.spelling)'"
                                              + Suggestion.hint(for: name, among: stepNames))
                        }
                        let gathers: Bool
                        if case .all = reference { gathers = true } else { gathers = false }
                        if !stepEdges.contains(where: { $0.target == name && $0.gathers == gathers }) {
                            stepEdges.append(Edge(target: name, gathers: gathers, mark: mark))
                        }
                    case .sweep:
                        break   // checked per variant, once the step's sweep keys are known
                    }
                }
            }
            for axis in step.sweep {
                for value in axis.values {
                    try Self.visitReferences(in: value, file: file) { reference, mark throws(RecipeError) in
                        guard case .param(let name) = reference else {
                            throw RecipeError(file: file, mark: mark,
                                              "a sweep value may only refer to parameters, not '\(reference.spelling)'")
                        }
                        guard paramNames.contains(name) else {
                            throw RecipeError(file: file, mark: mark, "unknown parameter '\(name)' in '\(reference.spelling)'"
                                              + Suggestion.hint(for: name, among: paramNames))
                        }
                    }
                }
            }
            edges[step.name] = stepEdges
            parameters[step.name] = used
        }
        topologicalOrder = try Self.order(document: document, edges: edges, file: file)
    }

    /// Calls `visit` for every reference in every string under `node`, with its mark.
    static func visitReferences(in node: YAMLNode, file: String,
                                _ visit: (Reference, Mark) throws(RecipeError) -> Void) throws(RecipeError) {
        switch node {
        case .scalar:
            guard let template = try ScalarTemplate.of(node, file: file) else { return }
            for (reference, offset) in template.template.references { try visit(reference, template.mark(of: offset)) }
        case .sequence(let items, _):
            for item in items { try visitReferences(in: item, file: file, visit) }
        case .mapping(let pairs, _):
            for pair in pairs { try visitReferences(in: pair.value, file: file, visit) }
        }
    }

    /// Depth-first, in recipe order; a step met again while still on the path closes a cycle,
    /// reported from the step of the cycle that comes first in the recipe.
    private static func order(document: RecipeDocument, edges: [String: [Edge]], file: String) throws(RecipeError) -> [String] {
        enum State { case visiting, done }
        var state: [String: State] = [:]
        var path: [String] = []
        var order: [String] = []
        let index = Dictionary(document.steps.map { ($0.name, $0.index) }, uniquingKeysWith: { a, _ in a })

        func visit(_ name: String) throws(RecipeError) {
            if state[name] == .done { return }
            if state[name] == .visiting {
                var cycle = Array(path[(path.lastIndex(of: name) ?? 0)...])
                let first = cycle.indices.min { index[cycle[$0], default: 0] < index[cycle[$1], default: 0] } ?? 0
                cycle = Array(cycle[first...] + cycle[..<first])
                let next = cycle.count > 1 ? cycle[1] : cycle[0]
                let mark = edges[cycle[0]]?.first { $0.target == next }?.mark
                throw RecipeError(file: file, mark: mark, "cycle: " + (cycle + [cycle[0]]).joined(separator: " → "))
            }
            state[name] = .visiting
            path.append(name)
            for edge in edges[name] ?? [] { try visit(edge.target) }
            path.removeLast()
            state[name] = .done
            order.append(name)
        }

        for step in document.steps { try visit(step.name) }
        return order
    }
}
