import LabCore

/// How well a scorer's top-κ tokens match the tokens that truly need long context.
///
/// Counts add up across sequences (micro-averaging): top-κ is taken per sequence, as in
/// training, then `+` pools the counts and precision/recall/F1 are computed on the pool.
public struct ScorerQuality: Sendable, Equatable {
    /// Tokens looked at.
    public var tokens: Int
    /// Tokens in the top-κ sets.
    public var selected: Int
    /// Tokens marked truly long-range.
    public var positives: Int
    /// Selected tokens that are truly long-range.
    public var truePositives: Int

    public init(tokens: Int = 0, selected: Int = 0, positives: Int = 0, truePositives: Int = 0) {
        self.tokens = tokens
        self.selected = selected
        self.positives = positives
        self.truePositives = truePositives
    }

    /// Top floor(κT) of `scores` (T) against `truth` (T), same selection and tie-breaking
    /// (later position first) as sparsification.
    public init(scores: [Double], truth: [Bool], kappa: Double) throws {
        guard scores.count == truth.count else {
            throw TokenWeightingError.shapeMismatch("\(scores.count) scores but \(truth.count) ground-truth flags")
        }
        try WeightConfig.checkSparsity(kappa)
        let top = TopKappa.mask(scores: scores, count: TopKappa.count(kappa: kappa, length: scores.count))
        self.init(tokens: scores.count, selected: top.filter { $0 }.count, positives: truth.filter { $0 }.count,
                  truePositives: zip(top, truth).filter { $0 && $1 }.count)
    }

    /// Rows of a (B, T) batch, each with its own top-κ, pooled.
    public init(scores: [Double], truth: [Bool], batch B: Int, length T: Int, kappa: Double) throws {
        guard B >= 0, T >= 0, scores.count == B * T, truth.count == B * T else {
            throw TokenWeightingError.shapeMismatch("scores \(scores.count) and truth \(truth.count) values, expected B·T = \(B)·\(T)")
        }
        var pooled = ScorerQuality()
        for b in 0..<B {
            let row = b * T..<(b + 1) * T
            pooled += try ScorerQuality(scores: Array(scores[row]), truth: Array(truth[row]), kappa: kappa)
        }
        self = pooled
    }

    /// TP / selected; nil when nothing was selected.
    public var precision: Double? { selected == 0 ? nil : Double(truePositives) / Double(selected) }
    /// TP / positives; nil when there are no long-range tokens.
    public var recall: Double? { positives == 0 ? nil : Double(truePositives) / Double(positives) }
    /// 2PR/(P+R); 0 when both are 0; nil when either is undefined.
    public var f1: Double? {
        guard let p = precision, let r = recall else { return nil }
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    public static func + (a: ScorerQuality, b: ScorerQuality) -> ScorerQuality {
        ScorerQuality(tokens: a.tokens + b.tokens, selected: a.selected + b.selected,
                      positives: a.positives + b.positives, truePositives: a.truePositives + b.truePositives)
    }

    public static func += (a: inout ScorerQuality, b: ScorerQuality) { a = a + b }

    /// Area under the ROC curve of `scores` for separating true from false tokens: the
    /// probability that a random long-range token outscores a random other one, ties counting
    /// half (Mann–Whitney with average ranks). nil without both classes. O(T log T).
    public static func auroc(scores: [Double], truth: [Bool]) throws -> Double? {
        guard scores.count == truth.count else {
            throw TokenWeightingError.shapeMismatch("\(scores.count) scores but \(truth.count) ground-truth flags")
        }
        let positives = truth.filter { $0 }.count
        let negatives = truth.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let key = scores.map { $0.isNaN ? -Double.infinity : $0 }
        let order = key.indices.sorted { key[$0] < key[$1] }
        var rankSumOfPositives = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, key[order[j + 1]] == key[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1  // ranks are 1-based
            for k in i...j where truth[order[k]] { rankSumOfPositives += averageRank }
            i = j + 1
        }
        let p = Double(positives), n = Double(negatives)
        return (rankSumOfPositives - p * (p + 1) / 2) / (p * n)
    }

    /// `{tokens, selected, positives, true_positives, precision, recall, f1}`; undefined ratios are null.
    public var value: Value {
        .object(["tokens": .int(tokens), "selected": .int(selected), "positives": .int(positives),
                 "true_positives": .int(truePositives), "precision": precision.map(Value.double) ?? .null,
                 "recall": recall.map(Value.double) ?? .null, "f1": f1.map(Value.double) ?? .null])
    }
}
