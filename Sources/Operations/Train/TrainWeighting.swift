import Foundation
import Engine
import LabCore

/// The token weights of a train step, batch by batch, and everything they were (for the
/// weight-distribution metrics). docs/METHODS.md §1.
///
/// As the official code: the long loss lL is the loss of the model being trained, in the very
/// forward pass it trains on (`Trainer.LiveWeights`); only the short loss lS comes from
/// elsewhere — a score step's precomputed losses (frozen), the model itself over short windows
/// (self), or a live scorer checkpoint over short windows (scorer). Ours, named: `long: frozen`
/// takes lL from the score step's long model too, so every weight is fixed before training.
final class TrainWeighting {
    /// How one batch is weighted.
    enum BatchWeights {
        /// Final (B, T) weights, pads 0.
        case fixed([Float])
        /// Weights from the live long losses: the batch's short losses (B, T) and the mask of
        /// targets where d is measured (nil: all).
        case live(short: [Float], scored: [Bool]?)
    }

    private let spec: WeightSpec?
    private let rows: TokenRows
    private let length: Int
    /// Frozen lS: (N, T) short losses of every row.
    private var frozenShort: [Float]?
    /// Both frozen (ours): (N, T) weights of every row, pads 0.
    private var frozenWeights: [Float]?
    private var scorerModel: Transformer?
    private var window: SlidingWindow?
    /// Breaks ties among zero scores at the top-κ cut, from the step's seed.
    private var ties: SeededRandom
    /// Weights of the real targets seen so far, and their sum on long-range targets.
    private var seen: [Float] = []
    private var seenLongRange = 0.0

    init(_ spec: WeightSpec?, rows: TokenRows, context: Int, vocabSize: Int, bos: Int32, seed: UInt64, threads: Int) throws {
        self.spec = spec
        self.rows = rows
        length = context
        ties = SeededRandom(seed: seed ^ 0x7469_6573_5F6B_6170)  // "ties_kap"
        guard let spec else { return }
        switch spec.source {
        case .none:
            break
        case .frozen(let url, let longIsFrozen):
            guard let url else { throw OperationError.failed("train: weights.scores was not resolved to a directory") }
            let scores = try ScoresArtifact.load(from: url, parameter: "weights.scores")
            guard scores.header.sequences == rows.count, scores.header.length == rows.length else {
                throw OperationError.badParameter("weights.scores", "scores cover \(scores.header.sequences) rows of \(scores.header.length) tokens, this step trains on \(rows.count) rows of \(rows.length): score the same data at the same context")
            }
            if longIsFrozen {
                guard scores.header.hasLongLoss else {
                    throw OperationError.badParameter("weights.long", "frozen long losses need a score step with a long model (score's `long`)")
                }
                let weights = try Self.fixedWeights(scores, rows: rows, config: spec.config, ties: &ties)
                for index in weights.indices where rows.valid[index] { record(weights[index], index: index) }
                frozenWeights = weights
            } else {
                frozenShort = scores.shortLoss
            }
        case .selfScoring(let length, let stride):
            window = SlidingWindow(length: length, stride: stride, bos: bos)
        case .scorer(let url, let length, let stride):
            guard let url else { throw OperationError.failed("train: weights.scorer was not resolved to a directory") }
            let config = try ModelArtifact.config(in: url, parameter: "weights.scorer")
            guard config.vocabSize == vocabSize else {
                throw OperationError.badParameter("weights.scorer", "the scorer has \(config.vocabSize) tokens, the tokenizer \(vocabSize): train it with the same tokenizer")
            }
            guard length <= config.context else {
                throw OperationError.badParameter("weights.short", "window \(length) exceeds the scorer's context \(config.context)")
            }
            scorerModel = try ModelArtifact.loadModel(from: url, parameter: "weights.scorer", threads: threads)
            window = SlidingWindow(length: length, stride: stride, bos: bos)
        }
    }

    /// Whether the step weighs its tokens at all (else the pad mask is the weight).
    var isWeighted: Bool { spec != nil }

    /// How the batch of rows `picked` (indices into TokenRows; tokens `rowTokens`, B × (T+1);
    /// pad mask `valid` (B, T)) is weighted; `model` is the model being trained (self-scoring).
    func prepare(picked: [Int], rowTokens: [[Int32]], valid: [Float], model: Transformer) throws -> BatchWeights {
        let T = length
        guard let spec, spec.scheme.needsScores else {
            for (i, v) in valid.enumerated() where v > 0 { record(1, index: picked[i / T] * T + i % T) }
            return .fixed(valid)
        }
        if let frozenWeights {
            return .fixed(picked.flatMap { frozenWeights[($0 * T)..<(($0 + 1) * T)] })
        }
        if let frozenShort {
            return .live(short: picked.flatMap { frozenShort[($0 * T)..<(($0 + 1) * T)] }, scored: nil)
        }
        guard let window else { throw OperationError.failed("train: weights have no source of short losses") }
        let scorer = scorerModel ?? model
        let windows = try scorer.tokenLosses(sequences: rowTokens, window: window)
        var short = [Float](repeating: 0, count: picked.count * T)
        for (b, losses) in windows.enumerated() {
            for t in 0..<T { short[b * T + t] = losses.losses[t + 1] }
        }
        // Self-scoring, as the official code: inside the first window (targets t < window,
        // row positions 1...window) the short loss is replaced by the model's own long loss, so
        // d = 0 there. A separate scorer scores the first window too, as a frozen precompute.
        let scored: [Bool]? = scorerModel == nil ? (0..<(picked.count * T)).map { $0 % T >= window.length } : nil
        return .live(short: short, scored: scored)
    }

    /// The weights of rows `firstRow...` of the batch `picked` from the live long losses of the
    /// forward pass (rows, T), given what `prepare` returned for the batch.
    func liveWeights(firstRow: Int, longLosses: UnsafeBufferPointer<Float>, picked: [Int],
                     short: [Float], scored: [Bool]?, valid: [Float]) throws -> [Float] {
        guard let spec else { throw OperationError.failed("train: live weights without a scheme") }
        let T = length, n = longLosses.count / T
        let range = (firstRow * T)..<((firstRow + n) * T)
        let real = valid[range].map { $0 > 0 }
        let w: [Float]
        do {
            w = try TokenWeighting.weights(longLoss: Array(longLosses), shortLoss: Array(short[range]),
                                           scored: scored.map { Array($0[range]) }, valid: real,
                                           batch: n, length: T, config: spec.config, ties: &ties)
        } catch let error as TokenWeightingError {
            throw error.asOperationError(parameter: "weights.scheme")
        }
        for (k, isReal) in real.enumerated() where isReal {
            let b = firstRow + k / T
            record(w[k], index: picked[b] * T + k % T)
        }
        return w
    }

    /// The weight-distribution metrics, nil when the step trains without weights.
    func summary() throws -> OperationResult? {
        guard spec != nil else { return nil }
        var result = try WeightMetrics.result(seen)
        let total = seen.reduce(0.0) { $0 + Double($1) }
        // The share of all weight that lands on truly long-range targets (corpus annotations).
        result.scalars["weights.long_range_share"] = total > 0 ? seenLongRange / total : 0
        return result
    }

    /// Notes one real target's weight; `index` is its (row, t) index into TokenRows.
    private func record(_ w: Float, index: Int) {
        seen.append(w)
        if rows.distance[index] > 0 { seenLongRange += Double(w) }
    }

    /// Both losses frozen (ours): (N, T) weights of every row from the score step, pads 0.
    private static func fixedWeights(_ scores: ScoresArtifact, rows: TokenRows, config: WeightConfig,
                                     ties: inout SeededRandom) throws -> [Float] {
        do {
            return try TokenWeighting.weights(longLoss: scores.longLoss, shortLoss: scores.shortLoss, scored: nil,
                                              valid: rows.valid, batch: rows.count, length: rows.length,
                                              config: config, ties: &ties)
        } catch let error as TokenWeightingError {
            throw error.asOperationError(parameter: "weights.scheme")
        }
    }
}
