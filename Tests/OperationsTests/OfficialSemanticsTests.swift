import Engine
import LabCore
import Tasks
import XCTest
@testable import Operations

/// Where `lab` follows the official token-weighting code (UKPLab/naacl2025-token-weighting,
/// trainer.py) on points the paper leaves implicit; docs/METHODS.md §1. Each test fails
/// under the behaviour `lab` had before.
final class OfficialSemanticsTests: XCTestCase {
    /// Ties among zero scores at the top-κ cut are drawn at random (the official code shuffles
    /// the zero-score indices), not given to the latest positions.
    func testZeroScoreTiesAreDrawnAtRandomNotFromTheEnd() throws {
        // 2 of 16 scores positive, κ = 0.5 keeps 8: 6 of the 14 zeros must fill the set.
        var scores = [Double](repeating: 0, count: 16)
        scores[3] = 2
        scores[9] = 1
        var picksPerPosition = [Int](repeating: 0, count: 16)
        let draws = 400
        var ties = SeededRandom(seed: 77)
        for _ in 0..<draws {
            let mask = TopKappa.mask(scores: scores, count: 8, ties: &ties)
            XCTAssertEqual(mask.filter { $0 }.count, 8)
            XCTAssertTrue(mask[3] && mask[9], "the positive scores are always kept")
            for t in mask.indices where mask[t] { picksPerPosition[t] += 1 }
        }
        // Each zero is picked with probability 6/14; the last 6 positions no more than the first 6.
        let last6 = picksPerPosition[10..<16].reduce(0, +), first6 = [0, 1, 2, 4, 5, 6].map { picksPerPosition[$0] }.reduce(0, +)
        let share = Double(last6) / Double(6 * draws)
        print("zero ties: last six positions picked \(share) of the time (expected 6/14 = \(6.0 / 14)), first six \(Double(first6) / Double(6 * draws))")
        XCTAssertEqual(share, 6.0 / 14, accuracy: 0.05)
        XCTAssertEqual(Double(first6) / Double(6 * draws), 6.0 / 14, accuracy: 0.05)
        // The same generator state gives the same draw; the deterministic rule is unchanged.
        var a = SeededRandom(seed: 5), b = SeededRandom(seed: 5)
        XCTAssertEqual(TopKappa.mask(scores: scores, count: 8, ties: &a), TopKappa.mask(scores: scores, count: 8, ties: &b))
        XCTAssertEqual(Array(TopKappa.mask(scores: scores, count: 8)[10...]), [Bool](repeating: true, count: 6))
    }

    /// npmi on rows where few tokens score above zero: the weight share on the last positions
    /// follows their share of the zeros, as under the official rule.
    func testNPMIWeightShareOnTheLastPositionsIsNotInflated() throws {
        let config = try TokenWeightScheme(parsing: "npmi(1, kappa=0.5)").config()
        let T = 32, B = 200
        var rng = SplitMix64(state: 3)
        // d ≤ 0 for all but two tokens per row: npmi keeps max(d − log 1, 0), mostly zeros.
        var long = [Float](), short = [Float]()
        for _ in 0..<B {
            for t in 0..<T {
                let d: Float = t == 4 || t == 20 ? 1.5 : -Float(rng.next() % 100) / 50
                short.append(2)
                long.append(2 + d)
            }
        }
        var ties = SeededRandom(seed: 1)
        let w = try TokenWeighting.weights(longLoss: long, shortLoss: short, scored: nil, batch: B, length: T,
                                           config: config, ties: &ties)
        let lastQuarter = (0..<B).map { b in w[(b * T + 24)..<(b * T + T)].reduce(0, +) }.reduce(0, +)
        let total = w.reduce(0, +)
        let share = Double(lastQuarter / total)
        // Under "ties to the latest position" the last 8 positions held 8 of the 16 kept tokens.
        print("npmi: weight share on the last quarter of positions \(share)")
        XCTAssertLessThan(share, 0.35)
        XCTAssertGreaterThan(share, 0.15)
    }

    /// Pads take no part in sums, counts or top-κ: a padded row's weights on its real targets
    /// equal the weights of the same row without the pads; pads weigh 0.
    func testPaddedRowWeighsLikeTheUnpaddedRow() throws {
        let long: [Float] = [2.5, 1.0, 3.0, 0.5, 2.0, 1.5]
        let short: [Float] = [1.0, 1.2, 1.0, 1.0, 0.5, 1.0]
        // The same row with 4 pad targets after it, whose losses would rank high if counted.
        let padLong = long + [9, 9, 9, 9], padShort = short + [0, 0, 0, 0]
        let valid = [Bool](repeating: true, count: 6) + [false, false, false, false]
        for spec in ["sparse(0.5)", "dense(0.75)", "npmi(1, kappa=0.5)", "ppmi(1, kappa=0.5)", "longce(5)", "custom(transforms=absolute, norm=softmax)"] {
            let config = try TokenWeightScheme(parsing: spec).config()
            let alone = try TokenWeighting.weights(longLoss: long, shortLoss: short, scored: nil, batch: 1, length: 6, config: config)
            let padded = try TokenWeighting.weights(longLoss: padLong, shortLoss: padShort, scored: nil, valid: valid,
                                                    batch: 1, length: 10, config: config)
            let diff = zip(padded.prefix(6), alone).map { abs($0 - $1) }.max()!
            print("\(spec): padded vs unpadded row, max diff \(diff)")
            XCTAssertEqual(Array(padded.prefix(6)), alone, spec)
            XCTAssertEqual(Array(padded.suffix(4)), [0, 0, 0, 0], spec)
        }
    }

    /// Self-scoring, as the official code: d = 0 for targets t < window (row positions
    /// 1...window, whose short loss it overwrites with the model's own) — `lab` used to score
    /// target t = window − 1 from the second window.
    func testSelfScoringZeroesTheWholeFirstWindow() throws {
        let T = 24, window = 8
        let texts = (0..<3).map { i in String(repeating: "the code of vogi is \(565821 + i). ", count: 8) }
        let tokenizer = try BPETokenizer.train(texts: texts, vocabSize: 280)
        let examples = texts.map { Example(text: $0, longRange: []) }
        let rows = TokenRows(examples: examples, tokenizer: tokenizer, length: T)
        let model = try Transformer(config: TransformerConfig(vocabSize: tokenizer.vocabSize, layers: 1, heads: 2, dim: 8, context: T), seed: 1)
        let picked = [0, 2], valid = [Float](repeating: 1, count: 2 * T)
        let selfSpec = try WeightSpec(["scheme": "sparse(0.25)", "self": ["short": .int(window), "stride": 4]], context: T)
        let selfScoring = try TrainWeighting(selfSpec, rows: rows, context: T, vocabSize: tokenizer.vocabSize, bos: tokenizer.bos,
                                             seed: 1, threads: 1)
        guard case .live(_, let scored?) = try selfScoring.prepare(picked: picked, rowTokens: picked.map { rows.row($0) },
                                                                  valid: valid, model: model) else {
            return XCTFail("self-scoring weighs live, with a first-window mask")
        }
        for b in 0..<2 {
            XCTAssertEqual(Array(scored[(b * T)..<(b * T + window)]), [Bool](repeating: false, count: window), "t < window: d = 0")
            XCTAssertEqual(Array(scored[(b * T + window)..<(b * T + T)]), [Bool](repeating: true, count: T - window))
        }
    }
}
