import Foundation

/// xoshiro256** seeded through SplitMix64: small, fast, and the same on every platform and
/// Swift version. Every random choice in `lab` (a corpus, a model's initialisation, the order
/// of training batches) flows from one of these, so a seed fixes the outputs.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// A generator for one part of a job (example `index` of a corpus), independent of how
    /// many other parts there are: example 7 is the same whether 10 or 1000 are made.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(state: seed ^ 0x6C61_625F_7461_736B)  // "lab_task"
        let base = mixer.next()
        var streamMixer = SplitMix64(state: base &+ stream &* 0x9E37_79B9_7F4A_7C15)
        self.init(seed: streamMixer.next())
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// Uniform integer in `0..<bound`, without modulo bias (Lemire's method, written out here so
    /// the stream does not depend on the standard library's version). A bound ≤ 1 gives 0.
    public mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// Uniform integer in a closed range.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform double in [0, 1) with 53 random bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Uniform double in (0, 1]: 53 random bits, never 0 (safe under log).
    public mutating func unitExcludingZero() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// A standard normal sample (Box–Muller; the second value is discarded for simplicity).
    public mutating func normal() -> Double {
        let u1 = unitExcludingZero(), u2 = unitExcludingZero()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64: spreads one seed over xoshiro's 256 bits of state; also the plain generator
/// the tests draw their inputs from (one stream per seed, no hidden state).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
