import LabCore
import Notebook
import Statistics

/// Replicates: a sweep axis named `rep` (what `repeat: N` makes, or a hand-written
/// `sweep: {rep: [1, 2, 3]}`) repeats the same configuration. The variants that differ only in
/// `rep` form one *condition*, compared through its mean and 95% interval.
extension SweepGroup {
    static let replicateKey = "rep"

    var hasReplicates: Bool { keys.contains(Self.replicateKey) }

    /// The sweep keys that tell conditions apart (all but `rep`).
    var conditionKeys: [String] { keys.filter { $0 != Self.replicateKey } }

    /// `sparse(0.25)` for one key, `lr=0.001, dim=64` for several, `all` when only `rep` is swept.
    func conditionLabel(of step: StepRecord) -> String {
        let conditionKeys = conditionKeys
        let values = conditionKeys.map { key in step.variant[key].isNull ? "" : NotebookFormat.value(step.variant[key]) }
        if conditionKeys.isEmpty { return "all" }
        if conditionKeys.count == 1 { return values[0] }
        return zip(conditionKeys, values).map { "\($0)=\($1)" }.joined(separator: ", ")
    }

    /// The conditions in grid order (of their first replicate), each with its replicates.
    func conditions() -> [ReplicateCondition] {
        var order: [String] = []
        var members: [String: [StepRecord]] = [:]
        for step in variants {
            let label = conditionLabel(of: step)
            if members[label] == nil { order.append(label) }
            members[label, default: []].append(step)
        }
        return order.map { label in
            let steps = members[label] ?? []
            let values = conditionKeys.map { key in
                steps.first.map { $0.variant[key].isNull ? "" : NotebookFormat.value($0.variant[key]) } ?? ""
            }
            return ReplicateCondition(label: label, values: values, variants: steps)
        }
    }
}

/// The replicates of one condition.
struct ReplicateCondition {
    var label: String
    /// One per condition key.
    var values: [String]
    var variants: [StepRecord]

    /// Replicates that finished with metrics (ran or cached).
    var finished: [StepRecord] {
        variants.filter { ($0.status == .ran || $0.status == .cached) && $0.result != nil }
    }

    /// The finite values of a scalar metric over the finished replicates that recorded it.
    func values(of metric: String) -> [Double] {
        finished.compactMap { $0.result?.scalars[metric] }.filter(\.isFinite)
    }

    func summary(of metric: String) -> SampleSummary? {
        SampleSummary(values(of: metric))
    }

    /// A series averaged over the replicates, iteration by iteration: the mean line and, where
    /// at least two replicates have the iteration, the 95% interval as a band.
    func meanCurve(_ series: String) -> (points: [(x: Double, y: Double)], band: [(x: Double, low: Double, high: Double)])? {
        var byIteration: [Int: [Double]] = [:]
        for step in finished {
            for point in step.result?.series[series] ?? [] where point.value.isFinite {
                byIteration[point.iteration, default: []].append(point.value)
            }
        }
        guard !byIteration.isEmpty else { return nil }
        var points: [(x: Double, y: Double)] = []
        var band: [(x: Double, low: Double, high: Double)] = []
        for iteration in byIteration.keys.sorted() {
            guard let summary = SampleSummary(byIteration[iteration] ?? []) else { continue }
            points.append((Double(iteration), summary.mean))
            if let interval = summary.interval { band.append((Double(iteration), interval.low, interval.high)) }
        }
        return (points, band)
    }
}
