import Foundation
import Engine
import LabCore

/// The token weights of a train step, batch by batch, and everything they were (for the
/// weight-distribution metrics).
struct TrainWeighting {
    private let spec: WeightSpec?
    /// Frozen: (N, T) weights of every row, pads 0.
    private var frozen: [Float]?
    private var scorerModel: Transformer?
    private var live: LiveScorer?
    private let length: Int
    /// Weights of real targets seen so far (live), or of all rows (frozen).
    private var seen: [Float] = []

    init(_ spec: WeightSpec?, rows: TokenRows, context: Int, vocabSize: Int, threads: Int) throws {
        self.spec = spec
        length = context
        scorerModel = nil
        live = nil
        guard let spec else { return }
        switch spec.source {
        case .none:
            break
        case .frozen(let url):
            guard let url else { throw OperationError.failed("train: weights.scores was not resolved to a directory") }
            let scores = try ScoresArtifact.load(from: url, parameter: "weights.scores")
            guard scores.header.sequences == rows.count, scores.header.length == rows.length else {
                throw OperationError.badParameter("weights.scores", "scores cover \(scores.header.sequences) rows of \(scores.header.length) tokens, this step trains on \(rows.count) rows of \(rows.length): score the same data at the same context")
            }
            var all = [Float](repeating: 0, count: rows.count * rows.length)  // (N, T)
            for i in 0..<rows.count {
                let w: [Float]
                do {
                    w = try TokenWeighting.weights(longLoss: scores.row(scores.longLoss, i), shortLoss: scores.row(scores.shortLoss, i),
                                                   scored: scores.row(scores.scored, i).map { $0 > 0 }, config: spec.config)
                } catch let error as TokenWeightingError {
                    throw error.asOperationError(parameter: "weights.scheme")
                }
                let r = rows.targetRange(i)
                for (t, index) in r.enumerated() where rows.valid[index] { all[index] = w[t] }
            }
            frozen = all
            seen = zip(all, rows.valid).compactMap { $1 ? $0 : nil }
        case .selfScoring(let window, let stride):
            live = LiveScorer(window: SlidingWindow(length: window, stride: stride))
        case .scorer(let url, let window, let stride):
            guard let url else { throw OperationError.failed("train: weights.scorer was not resolved to a directory") }
            let config = try ModelArtifact.config(in: url, parameter: "weights.scorer")
            guard config.context >= context else {
                throw OperationError.badParameter("weights.scorer", "the scorer's context \(config.context) is shorter than the training context \(context): it must score full rows too")
            }
            guard config.vocabSize == vocabSize else {
                throw OperationError.badParameter("weights.scorer", "the scorer has \(config.vocabSize) tokens, the tokenizer \(vocabSize): train it with the same tokenizer")
            }
            guard window <= config.context else {
                throw OperationError.badParameter("weights.short", "window \(window) exceeds the scorer's context \(config.context)")
            }
            scorerModel = try ModelArtifact.loadModel(from: url, parameter: "weights.scorer", threads: threads)
            live = LiveScorer(window: SlidingWindow(length: window, stride: stride))
        }
    }

    /// (B, T) weights for the batch rows `rows` (indices into TokenRows), pads 0; nil when the
    /// step trains without weights (then the pad mask `valid` is the weight).
    mutating func weights(rows: [Int], rowTokens: [[Int32]], batch: Batch, valid: [Float], model: Transformer) throws -> [Float] {
        guard let spec else { return valid }
        let T = length
        if let frozen {
            var w = [Float](repeating: 0, count: rows.count * T)
            for (b, r) in rows.enumerated() {
                for t in 0..<T { w[b * T + t] = frozen[r * T + t] }
            }
            return w
        }
        guard let live else {
            // uniform without a source
            for v in valid where v > 0 { seen.append(1) }
            return valid
        }
        let scorer = scorerModel ?? model
        let s = try live.score(model: scorer, rows: rowTokens, batch: batch)
        var w: [Float]
        do {
            w = try TokenWeighting.weights(longLoss: s.long, shortLoss: s.short, scored: s.scored,
                                           batch: rows.count, length: T, config: spec.config)
        } catch let error as TokenWeightingError {
            throw error.asOperationError(parameter: "weights.scheme")
        }
        for i in 0..<w.count {
            w[i] *= valid[i]
            if valid[i] > 0 { seen.append(w[i]) }
        }
        return w
    }

    /// The weight-distribution metrics, nil when the step trains without weights.
    func summary() throws -> OperationResult? {
        guard spec != nil else { return nil }
        return try WeightMetrics.result(seen)
    }
}
