import Foundation
import Notebook
import Statistics

/// For a metric whose better direction is known: the condition with the best mean, and Welch's
/// test of it against every other condition. The best is *called* best only when every test
/// says p < 0.05; ranking means alone never picks a winner.
struct MetricDifferences {
    static let threshold = 0.05

    /// Index of the condition with the best mean (the first on a tie).
    var best: Int
    /// Per other condition (by index): the test against the best, nil where it is undefined
    /// (fewer than two values on a side, or no spread).
    var tests: [Int: WelchTest?]

    /// `samples[i]`: the values of condition i (empty when it has none). nil when fewer than
    /// two conditions have values.
    private var samples: [[Double]]

    init?(_ samples: [[Double]], better: BestValue) {
        self.samples = samples
        let candidates = samples.indices.filter { !samples[$0].isEmpty }
        guard candidates.count >= 2 else { return nil }
        let means = samples.map { Descriptive.mean($0) ?? .nan }
        var best = candidates[0]
        for index in candidates.dropFirst() {
            let isBetter = better == .highest ? means[index] > means[best] : means[index] < means[best]
            if isBetter { best = index }
        }
        self.best = best
        var tests: [Int: WelchTest?] = [:]
        for index in candidates where index != best {
            tests[index] = WelchTest(samples[best], samples[index])
        }
        self.tests = tests
    }

    /// True when the best differs from every other condition at p < 0.05.
    var bestIsDistinguishable: Bool {
        tests.values.allSatisfy { test in test.map { $0.p < Self.threshold } ?? false }
    }

    /// The cell beside condition `index`: the best says so; the others give p and the verdict.
    func verdict(_ index: Int) -> String {
        if index == best {
            return bestIsDistinguishable ? "best (p < 0.05 vs each)" : "best mean, not a clear winner"
        }
        guard let entry = tests[index] else { return "" }
        guard let test = entry else { return noTestReason(index) }
        let p = Self.format(test.p)
        return test.p < Self.threshold ? "worse (\(p))" : "not distinguishable (\(p))"
    }

    /// Why Welch's test is undefined: a side with one value, or no spread on either side (the
    /// metric is constant, e.g. an accuracy of 0 everywhere, or the replicates share a seed).
    private func noTestReason(_ index: Int) -> String {
        if samples[best].count < 2 || samples[index].count < 2 { return "no test (n < 2)" }
        return "no test (no spread: every replicate equal)"
    }

    /// `p=0.0092`, `p=0.41`, `p<0.0001` (three significant digits, so 0.0496 is not shown as 0.05).
    static func format(_ p: Double) -> String {
        if p < 0.0001 { return "p<0.0001" }
        return "p=" + String(format: "%.3g", p)
    }
}
