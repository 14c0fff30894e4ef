import LabCore
import Notebook

/// What the notebook knows about a metric: the declaration of the operation that made it
/// (`Operation.metrics`, found by the step's op name in the registry), so that a count is never
/// called "best" and a series is drawn against its own x axis.
///
/// - Declared: its direction decides the best value of a comparison column (`neither`: none),
///   a series' `x` names its axis, a matrix's palette and range colour its heatmap.
/// - Not declared, by an operation that declares metrics: shown plainly (no best, x
///   `iteration`, the default palette).
/// - By an operation that declares none — `shell`, whose command names its metrics, or an op
///   this `lab` does not know — the direction is guessed from the name
///   (`MetricConventions.guessedBest`): the one place a name still decides.
struct MetricMeanings: Sendable {
    /// By op name; only operations that declare something.
    private let declarations: [String: [MetricDeclaration]]

    init(operations: [String: any LabCore.Operation]) {
        declarations = operations.mapValues(\.metrics).filter { !$0.value.isEmpty }
    }

    /// The built-in operations' declarations.
    static var builtin: MetricMeanings { MetricMeanings(operations: BuiltinOperations.byName) }

    func declaration(_ metric: String, op: String) -> MetricDeclaration? {
        declarations[op]?.declaration(for: metric)
    }

    /// True when `op` declares no metrics, so that its directions are guessed from names.
    func guessesNames(op: String) -> Bool { declarations[op] == nil }

    /// Which value of a comparison column is best, if any.
    func best(_ metric: String, op: String) -> BestValue? {
        guard let declared = declarations[op] else { return MetricConventions.guessedBest(for: metric) }
        switch declared.declaration(for: metric)?.direction {
        case .higherIsBetter: return .highest
        case .lowerIsBetter: return .lowest
        case .neither, nil: return nil
        }
    }

    /// `names` in the order `op` declares them (an operation lists its main metric first: the
    /// loss curve of `train`); undeclared names after, as given.
    func declarationOrder(_ names: [String], op: String) -> [String] {
        guard let declared = declarations[op] else { return names }
        func rank(_ name: String) -> Int {
            declared.firstIndex { $0.name == name } ?? declared.firstIndex { $0.matches(name) } ?? declared.count
        }
        return names.enumerated().sorted { a, b in
            let ra = rank(a.element), rb = rank(b.element)
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
    }

    /// The x axis of a series: the declared one, else `iteration`.
    func seriesAxis(_ series: String, op: String) -> String {
        declaration(series, op: op)?.seriesAxis ?? "iteration"
    }

    /// The op of a sweep's variants (one recipe step: one op).
    static func op(of group: SweepGroup) -> String { group.variants.first?.op ?? "" }
}
