import Foundation
import LabCore

/// `op: head-overlap` — are they the same heads? Compares two `retrieval-heads` steps of
/// models with the same shape (e.g. a short-context model and the same model after context
/// extension): overlap of their top-K sets and the rank correlation of every head's score.
public struct HeadOverlapOperation: LabCore.Operation {
    public init() {}

    public let name = "head-overlap"
    public let version = 1
    public let summary = "Compare two retrieval-head scorings: top-K overlap and Spearman correlation"
    public let doc = """
        Reads the `heads.json` of two retrieval-heads steps (`a`, `b`; same layers and heads) and \
        measures whether the retrieval heads stay the same (docs/METHODS.md §2, "intrinsic"): \
        `overlap` = |top-K(a) ∩ top-K(b)| / K with each step's own ranking (ties in (layer, head) \
        order, as retrieval-heads ranks); `chance` = K / (L·NH), the overlap two random top-K sets \
        have on average; `spearman` = Spearman's rank correlation of the L·NH scores, average \
        ranks for ties, 0 when either side has no spread (ours: undefined there); `jaccard` of the \
        two sets of heads above each step's threshold (1 when both are empty). K defaults to the \
        number of heads above the threshold in `a`, at least 1 (ours). Records `heads`: each head \
        of either top-K with both scores and ranks.
        """

    public var params: [ParamSpec] {
        [
            ParamSpec("a", .step, "a retrieval-heads step (e.g. before context extension)"),
            ParamSpec("b", .step, "a retrieval-heads step of a model with the same shape (e.g. after)"),
            ParamSpec("top", .int, default: .null, range: 1...1_000_000, "K (default: a's heads above its threshold, at least 1)"),
        ]
    }

    public var metrics: [MetricDeclaration] {
        [
            MetricDeclaration("overlap", .scalar, .neither, "share of a's top-K heads that are also in b's top-K"),
            MetricDeclaration("chance", .scalar, .neither, "the overlap two random top-K sets have on average, K / heads"),
            MetricDeclaration("spearman", .scalar, .neither, "Spearman rank correlation of every head's score in a and b"),
            MetricDeclaration("jaccard", .scalar, .neither, "Jaccard index of the heads above threshold in a and in b"),
            MetricDeclaration("top", .scalar, .neither, "K"),
        ]
    }

    public func run(_ context: OperationContext) throws -> OperationResult {
        let p = ParamReader(context.params)
        let a = try RetrievalHeadsArtifact.load(from: try p.directory("a"), parameter: "a")
        let b = try RetrievalHeadsArtifact.load(from: try p.directory("b"), parameter: "b")
        guard a.layers == b.layers, a.heads == b.heads else {
            throw OperationError.badParameter("b", "has \(b.layers) layers × \(b.heads) heads, a has \(a.layers) × \(a.heads): compare the same model shape")
        }
        let n = a.layers * a.heads
        let aboveA = a.scores.filter { $0 > a.threshold }.count
        let k = try p.optionalInt("top") ?? max(1, aboveA)
        try p.require(k <= n, "top", "K = \(k) exceeds the \(n) heads")
        let topA = Set(a.ranking.prefix(k)), topB = Set(b.ranking.prefix(k))
        let setA = Set(a.ranking.filter { a.score($0) > a.threshold })
        let setB = Set(b.ranking.filter { b.score($0) > b.threshold })
        let union = setA.union(setB).count
        var scalars: [String: Double] = [
            "overlap": Double(topA.intersection(topB).count) / Double(k),
            "chance": Double(k) / Double(n),
            "jaccard": union == 0 ? 1 : Double(setA.intersection(setB).count) / Double(union),
            "top": Double(k),
        ]
        scalars["spearman"] = RankCorrelation.spearman(a.scores, b.scores) ?? 0
        let rankA = Dictionary(uniqueKeysWithValues: a.ranking.enumerated().map { ($1, $0 + 1) })
        let rankB = Dictionary(uniqueKeysWithValues: b.ranking.enumerated().map { ($1, $0 + 1) })
        let listed = topA.union(topB).sorted { (rankA[$0] ?? 0, rankB[$0] ?? 0) < (rankA[$1] ?? 0, rankB[$1] ?? 0) }
        let records: [Value] = listed.map { head in
            .object(["layer": .int(head.layer), "head": .int(head.head),
                     "score.a": .double(a.score(head)), "rank.a": .int(rankA[head] ?? 0),
                     "score.b": .double(b.score(head)), "rank.b": .int(rankB[head] ?? 0)])
        }
        return OperationResult(scalars: scalars, records: ["heads": records])
    }
}
