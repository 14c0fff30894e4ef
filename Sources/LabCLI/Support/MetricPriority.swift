import LabCore

/// Which metrics the terminal views show, and in what order: those the step's operation
/// declares (`Operation.metrics`, found by op name in `BuiltinOperations`, as the notebook's
/// `MetricMeanings` does) with a better direction, in the order the operation lists them; a
/// count, a size or a setting (direction `neither`), a pattern's family (`recall.acc.d*`) and a
/// metric the operation does not declare are left to `--columns` and `--all`. An operation
/// that declares nothing (`shell`, whose command names its metrics) has every metric shown.
struct MetricPriority {
    /// Rank of the metrics an operation declares no metric for: after every declared one.
    static let undeclared = 1000

    private let declarations: [String: [MetricDeclaration]]

    init(operations: [String: any LabCore.Operation] = BuiltinOperations.byName) {
        declarations = operations.mapValues(\.metrics).filter { !$0.value.isEmpty }
    }

    /// The rank of a scalar metric (lower first), or nil when it is not shown by default.
    func rank(_ metric: String, op: String) -> Int? {
        rank(metric, op: op, kind: .scalar)
    }

    /// The rank of a matrix (its `NAME.mean` column), or nil.
    func matrixRank(_ matrix: String, op: String) -> Int? {
        rank(matrix, op: op, kind: .matrix)
    }

    private func rank(_ name: String, op: String, kind: MetricDeclaration.Kind) -> Int? {
        guard let declared = declarations[op] else { return Self.undeclared }
        guard let index = declared.firstIndex(where: { $0.name == name }) else { return nil }
        let declaration = declared[index]
        guard declaration.kind == kind, declaration.direction != .neither else { return nil }
        return index
    }

    /// Metric names ordered by their rank (then name), those with a rank only.
    func important(_ metrics: some Sequence<String>, op: String) -> [String] {
        metrics.compactMap { name in rank(name, op: op).map { (name, $0) } }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }
}
