import LabCore
import Foundation
@testable import Engine

/// Small seeded helpers shared by the engine tests.
struct TestRandom {
    private var source: SplitMix64
    init(seed: UInt64) { source = SplitMix64(state: seed &+ 0x9E37_79B9_7F4A_7C15) }
    mutating func next() -> UInt64 { source.next() }
    mutating func uniform() -> Double { Double((next() >> 11) + 1) * 0x1.0p-53 }
    mutating func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func tokens(_ n: Int, vocab: Int) -> [Int32] { (0..<n).map { _ in Int32(int(vocab)) } }
}

/// A fresh temporary directory, removed by the caller's `defer`.
func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("engine-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

extension Transformer {
    /// Parameters as an array (tests).
    var parameterArray: [Float] { parameters.array }

    /// Log-softmax loss of each next token computed from `logits` (reference path for tests).
    func referenceLosses(_ tokens: [Int32], headMask: HeadMask? = nil) throws -> [Double] {
        let v = config.vocabSize
        let lg = try logits(tokens: tokens, headMask: headMask)
        var out = [Double](repeating: 0, count: tokens.count)
        for i in 1..<tokens.count {
            let row = lg[((i - 1) * v)..<(i * v)].map(Double.init)
            let m = row.max()!
            let lse = m + log(row.map { exp($0 - m) }.reduce(0, +))
            out[i] = lse - row[Int(tokens[i])]
        }
        return out
    }
}

/// The inference tests' model: 2 layers of 4 heads, with larger weights than the init so greedy
/// paths are not degenerate.
enum InferenceFixture {
    static let config = TransformerConfig(vocabSize: 29, layers: 2, heads: 4, dim: 32, context: 48, ropeBase: 300)

    static func model() throws -> Transformer {
        let m = try Transformer(config: config, seed: 17)
        m.threads = 2
        var rng = TestRandom(seed: 23)
        for t in m.layout.tensors where !t.isNormGain {
            for i in 0..<t.count { m.parameters.pointer[t.offset + i] = Float(rng.normal() * 0.15) }
        }
        return m
    }
}
