import Notebook
import Statistics

/// The verdict table, one row per claim, as the notebook and `lab show` print it:
///
///     claim | step · metric | variant vs baseline (n) | estimate [95% CI] | threshold | verdict
///     Weighting helps | eval · long.acc | scheme=sparse(0.25) (n=3) vs scheme=uniform (n=3)
///                     | 0.18 [0.02976, 0.3302] | Δ > 0 | supported
enum ClaimTable {
    static let header = ["claim", "step · metric", "variant vs baseline (n)", "estimate [95% CI]", "threshold", "verdict"]

    /// How the verdicts are decided, in one paragraph (Markdown).
    static let rule = "Verdicts are computed from the replicates, not written by hand: the 95% confidence interval of "
        + "the difference of means, variant − baseline (Welch–Satterthwaite t), or without a baseline of the "
        + "variant's mean (Student's t). A claim that the estimate is greater than X is *supported* when the whole "
        + "interval lies above X, *not supported* when it lies below X, and *inconclusive* when it contains X, when a "
        + "side has fewer than 2 finished values, or when no replicate differs from another (less than X: mirrored). "
        + "No correction for testing several claims."

    static func rows(_ outcomes: [ClaimOutcome]) -> [[String]] {
        outcomes.map { outcome in
            [outcome.claim.text, "\(outcome.claim.variant.step) · \(outcome.claim.metric)", sides(outcome),
             estimate(outcome.test), threshold(outcome), verdict(outcome)]
        }
    }

    /// `scheme=sparse(0.25) (n=3) vs scheme=uniform (n=3)`: n counts the values the test used.
    static func sides(_ outcome: ClaimOutcome) -> String {
        let variant = "\(outcome.variant.label) (n=\(outcome.test.count))"
        guard let baseline = outcome.baseline else { return variant }
        return "\(variant) vs \(baseline.label) (n=\(outcome.test.baselineCount ?? 0))"
    }

    /// `0.18 [0.02976, 0.3302]`; `0.18 (no CI)` with too few values; `–` with none.
    static func estimate(_ test: ThresholdTest) -> String {
        guard let estimate = test.estimate else { return "–" }
        guard let low = test.low, let high = test.high else { return "\(NotebookFormat.number(estimate)) (no CI)" }
        return "\(NotebookFormat.number(estimate)) [\(NotebookFormat.number(low)), \(NotebookFormat.number(high))]"
    }

    /// `Δ > 0` (with a baseline), `mean < 2.5` (without).
    static func threshold(_ outcome: ClaimOutcome) -> String {
        let quantity = outcome.baseline == nil ? "mean" : "Δ"
        switch outcome.claim.expectation {
        case .greaterThan(let x): return "\(quantity) > \(NotebookFormat.number(x))"
        case .lessThan(let x): return "\(quantity) < \(NotebookFormat.number(x))"
        }
    }

    /// `supported`, `not supported`, `inconclusive (needs ≥ 2 replicates, has 1 and 3)`.
    static func verdict(_ outcome: ClaimOutcome) -> String {
        let verdict = outcome.test.verdict.rawValue
        return outcome.reason.map { "\(verdict) (\($0))" } ?? verdict
    }

    /// The rule as plain text in lines of at most `width` characters, for the terminal.
    static func plainRule(width: Int = 100) -> [String] {
        var lines: [String] = [], line = ""
        for word in rule.replacingOccurrences(of: "*", with: "").split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        return line.isEmpty ? lines : lines + [line]
    }
}
