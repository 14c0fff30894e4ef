import LabCore

/// How well the long/short gap finds the truly long-range tokens, as metrics:
/// `scorer.<ranking>.top<κ%>.{precision,recall,f1}` for κ in `kappas`, `scorer.<ranking>.auroc`,
/// and `scorer.base_rate` (share of long-range tokens: the precision of a random pick).
/// Rankings: `gain` = lS − lL (how much the long context helps; what longce/ppmi rank by) and
/// `abs` = |lL − lS| (what dense/sparse rank by). Only real targets (no pads) take part; top-κ
/// is per row as in training. An undefined ratio (no positives) is left out, never written as 0.
enum ScorerQualityMetrics {
    static let kappas = [0.1, 0.25]

    /// `gap`, `valid`, `truth`: (N, T) with `gap` 0 where not scored.
    static func compute(gap: [Float], valid: [Bool], truth: [Bool], rows N: Int, length T: Int) throws -> [String: Double] {
        var out: [String: Double] = [:]
        let rankings: [(String, (Float) -> Double)] = [("gain", { -Double($0) }), ("abs", { abs(Double($0)) })]
        var positives = 0, tokens = 0
        for (name, rank) in rankings {
            var pooledScores: [Double] = [], pooledTruth: [Bool] = []
            var quality = [Double: ScorerQuality]()
            for i in 0..<N {
                var scores: [Double] = [], flags: [Bool] = []
                for index in (i * T)..<((i + 1) * T) where valid[index] {
                    scores.append(rank(gap[index]))
                    flags.append(truth[index])
                }
                for kappa in kappas {
                    do { quality[kappa, default: ScorerQuality()] += try ScorerQuality(scores: scores, truth: flags, kappa: kappa) } catch {
                        throw OperationError.failed("scorer quality: \(error)")
                    }
                }
                pooledScores += scores
                pooledTruth += flags
            }
            for kappa in kappas {
                let q = quality[kappa] ?? ScorerQuality()
                let prefix = "scorer.\(name).top\(Int((kappa * 100).rounded()))"
                if let v = q.precision { out[prefix + ".precision"] = v }
                if let v = q.recall { out[prefix + ".recall"] = v }
                if let v = q.f1 { out[prefix + ".f1"] = v }
            }
            do {
                if let auroc = try ScorerQuality.auroc(scores: pooledScores, truth: pooledTruth) { out["scorer.\(name).auroc"] = auroc }
            } catch {
                throw OperationError.failed("scorer quality: \(error)")
            }
            positives = pooledTruth.filter { $0 }.count
            tokens = pooledTruth.count
        }
        if tokens > 0 { out["scorer.base_rate"] = Double(positives) / Double(tokens) }
        return out
    }
}
