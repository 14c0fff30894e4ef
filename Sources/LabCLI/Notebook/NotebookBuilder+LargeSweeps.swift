import LabCore
import Notebook

/// A huge sweep (thousands of variants, e.g. a grid with replicates) keeps its notebook readable
/// and small: a step with many variants becomes one summary cell (plus the cells of its failed
/// variants, which need their log tails), and a comparison shows its first conditions in grid
/// order, pointing to `lab results` for the rest.
extension NotebookBuilder {
    /// Variants of one step shown as cells of their own; beyond it the step is summarised.
    static let cellsPerStepLimit = 24
    /// Conditions (variants, or groups of replicates) a comparison section shows.
    static let comparisonConditionLimit = 100

    /// One cell per step, except that a step with more than `cellsPerStepLimit` variants is one
    /// summary cell, where its first variant stood, followed by up to `cellsPerStepLimit` of its
    /// failed variants.
    static func cells(_ steps: [StepRecord], cellOf: (StepRecord) throws -> NotebookCell) throws -> [NotebookCell] {
        var variantCounts: [String: Int] = [:]
        for step in steps { variantCounts[step.name, default: 0] += 1 }
        var cells: [NotebookCell] = []
        var summarised: Set<String> = []
        for step in steps {
            guard let count = variantCounts[step.name], count > cellsPerStepLimit else {
                cells.append(try cellOf(step))
                continue
            }
            guard summarised.insert(step.name).inserted else { continue }
            let variants = steps.filter { $0.name == step.name }
            cells.append(summaryCell(variants))
            for failed in variants.filter({ $0.status == .failed }).prefix(cellsPerStepLimit) {
                cells.append(try cellOf(failed))
            }
        }
        return cells
    }

    /// One cell standing for every variant of a step: counts by status and the total time.
    static func summaryCell(_ variants: [StepRecord]) -> NotebookCell {
        let first = variants[0]
        var byStatus: [StepStatus: Int] = [:]   // one pass: 10,000 variants are counted once
        for variant in variants { byStatus[variant.status, default: 0] += 1 }
        let counts = StepStatus.allCases.compactMap { status -> String? in
            byStatus[status].map { "\($0) \(status.rawValue)" }
        }.joined(separator: ", ")
        let failed = byStatus[.failed] ?? 0
        var note = "**\(variants.count) variants** of `\(first.name)`: \(counts). Too many to show one cell each: "
            + "the comparison below summarises them; every variant: `lab results --step \(first.name)`."
        if failed > 0 {
            note += failed > cellsPerStepLimit
                ? " The first \(cellsPerStepLimit) failed variants follow, with their errors."
                : " The failed variants follow, with their errors."
        }
        let status: StepStatus = failed > 0 ? .failed
            : (byStatus[.cached] == variants.count ? .cached : variants.first { $0.status != .cached }?.status ?? .ran)
        return NotebookCell(stepID: first.name, title: first.title.map { "\($0) (\(variants.count) variants)" }, note: note,
                            op: first.op, status: status, seconds: variants.reduce(0) { $0 + $1.seconds })
    }

    /// The group cut to its first `comparisonConditionLimit` conditions in grid order (all the
    /// replicates of each), and a sentence saying so; the group itself when it is small.
    static func limited(_ group: SweepGroup) -> (group: SweepGroup, note: String?) {
        var seen: Set<String> = []
        var kept: [StepRecord] = []
        for step in group.variants {
            let condition = group.hasReplicates ? group.conditionLabel(of: step) : step.stepID
            if !seen.contains(condition) {
                guard seen.count < comparisonConditionLimit else { continue }
                seen.insert(condition)
            }
            kept.append(step)
        }
        guard kept.count < group.variants.count else { return (group, nil) }
        var shown = group
        shown.variants = kept
        let what = group.hasReplicates ? "conditions" : "variants"
        let total = group.hasReplicates ? Set(group.variants.map(group.conditionLabel)).count : group.variants.count
        return (shown, "Shown: the first \(seen.count) of \(total) \(what) in grid order; all of them: "
                + "`lab results --step \(group.name)`" + (group.hasReplicates ? " (`--group-by` for the statistics)." : "."))
    }
}
