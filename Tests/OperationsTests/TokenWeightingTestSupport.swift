import LabCore
import XCTest
@testable import Operations

/// Compares element by element, prints the max difference (so numeric tests show their margin).
func assertWeightsClose(_ actual: [Float], _ expected: [Double], tolerance: Double = 1e-6, _ label: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "\(label): length", file: file, line: line)
    let maxDiff = zip(actual, expected).map { abs(Double($0) - $1) }.max() ?? 0
    print("\(label): maxdiff \(maxDiff)")
    XCTAssertLessThanOrEqual(maxDiff, tolerance, "\(label): got \(actual), expected \(expected)", file: file, line: line)
}

func assertWeightsClose(_ actual: Double?, _ expected: Double, tolerance: Double = 1e-12, _ label: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard let actual else { return XCTFail("\(label): nil", file: file, line: line) }
    print("\(label): diff \(abs(actual - expected))")
    XCTAssertEqual(actual, expected, accuracy: tolerance, label, file: file, line: line)
}

/// Weights of a parsed scheme, with short losses chosen so that `d = lL - lS` is the given gap:
/// lL = 1 + max(d, 0), lS = lL - d (exact in Float for the small values used here).
func weightsFor(_ spec: String, gaps d: [Double], scored: [Bool]? = nil) throws -> [Float] {
    let config = try TokenWeightScheme(parsing: spec).config()
    let long = d.map { Float(1 + max($0, 0)) }
    let short = zip(long, d).map { Float(Double($0) - $1) }
    return try TokenWeighting.weights(longLoss: long, shortLoss: short, scored: scored, config: config)
}

/// WeightTestRNG: a seeded generator so property tests are reproducible.
struct WeightTestRNG: RandomNumberGenerator {
    private var source: SplitMix64
    init(seed: UInt64) { source = SplitMix64(state: seed) }
    mutating func next() -> UInt64 { source.next() }
}

/// The weighting calls of tests that do not care about ties: a fixed tie-breaking generator.
extension TokenWeighting {
    static func weights(longLoss: [Float], shortLoss: [Float], scored: [Bool]?, config: WeightConfig) throws -> [Float] {
        var ties = SeededRandom(seed: 0)
        return try weights(longLoss: longLoss, shortLoss: shortLoss, scored: scored, config: config, ties: &ties)
    }

    static func weights(scores: [Double], config: WeightConfig) throws -> [Float] {
        var ties = SeededRandom(seed: 0)
        return try weights(scores: scores, config: config, ties: &ties)
    }

    static func weights(longLoss: [Float], shortLoss: [Float], scored: [Bool]?, valid: [Bool]? = nil,
                        batch B: Int, length T: Int, config: WeightConfig) throws -> [Float] {
        var ties = SeededRandom(seed: 0)
        return try weights(longLoss: longLoss, shortLoss: shortLoss, scored: scored, valid: valid, batch: B, length: T,
                           config: config, ties: &ties)
    }
}
