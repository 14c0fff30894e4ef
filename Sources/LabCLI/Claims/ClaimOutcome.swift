import LabCore
import Notebook
import Statistics

/// A recipe claim decided from one run's results: the replicates each selector picks, the
/// metric's values among those that finished, and `ThresholdTest`'s verdict on them. A claim
/// whose replicates are missing (a value no variant has, steps that failed, a metric never
/// recorded) is inconclusive with the reason, never an error.
struct ClaimOutcome {
    /// The replicates one selector picked.
    struct Side {
        /// `scheme=sparse(0.25)`; the step name first when it is not the claim's step.
        var label: String
        /// `eval[scheme=sparse(0.25)]`: what the selector looks for, in messages.
        var selection: String
        /// Steps of the run the selector matches, whatever became of them.
        var matched: [StepRecord]
        /// The metric's finite values among those that finished (ran or cached) with results.
        var values: [Double]

        var finished: [StepRecord] { matched.filter { ($0.status == .ran || $0.status == .cached) && $0.result != nil } }
    }

    var claim: ResolvedClaim
    var variant: Side
    var baseline: Side?
    var test: ThresholdTest

    init(_ claim: ResolvedClaim, steps: [StepRecord]) {
        self.claim = claim
        variant = Self.side(claim.variant, metric: claim.metric, claimStep: claim.variant.step, steps: steps)
        baseline = claim.baseline.map { Self.side($0, metric: claim.metric, claimStep: claim.variant.step, steps: steps) }
        let direction: ThresholdTest.Direction
        switch claim.expectation {
        case .greaterThan: direction = .greaterThan
        case .lessThan: direction = .lessThan
        }
        test = ThresholdTest(variant.values, baseline: baseline?.values, direction: direction,
                             threshold: claim.expectation.threshold)
    }

    /// Every claim of a run (its resolved recipe) decided from its steps.
    static func all(resolved: Value?, steps: [StepRecord]) -> [ClaimOutcome] {
        ResolvedRecipe.claims(in: resolved).map { ClaimOutcome($0, steps: steps) }
    }

    private static func side(_ selector: ResolvedClaim.Selector, metric: String, claimStep: String,
                             steps: [StepRecord]) -> Side {
        let picks = selector.values.map { "\($0.key)=\(NotebookFormat.value($0.value))" }.joined(separator: ", ")
        let selection = picks.isEmpty ? selector.step : "\(selector.step)[\(picks)]"
        let label = selector.step != claimStep ? selection : picks.isEmpty ? "all" : picks
        let matched = steps.filter { $0.name == selector.step && selector.matches($0.variant) }
        var side = Side(label: label, selection: selection, matched: matched, values: [])
        side.values = side.finished.compactMap { $0.result?.scalars[metric] }.filter(\.isFinite)
        return side
    }

    /// Why the verdict is inconclusive, in a few words; nil when it is not.
    var reason: String? {
        guard test.verdict == .inconclusive else { return nil }
        for (role, side) in [("variant", variant), ("baseline", baseline)] {
            guard let side else { continue }
            let whose = baseline == nil ? "" : "\(role) "
            if side.matched.isEmpty { return "no \(whose)step \(side.selection) in this run" }
            if side.finished.isEmpty { return "no \(whose)replicate finished" }
            if side.values.isEmpty { return "no \(whose)replicate recorded \(claim.metric)" }
        }
        switch test.shortfall {
        case .tooFewValues?:
            let counts = [test.count] + (test.baselineCount.map { [$0] } ?? [])
            return "needs ≥ 2 replicates, has \(counts.map(String.init).joined(separator: " and "))"
        case .noSpread?:
            return "no spread: every replicate equal"
        case nil:
            return "the interval contains \(NotebookFormat.number(claim.expectation.threshold))"
        }
    }
}
