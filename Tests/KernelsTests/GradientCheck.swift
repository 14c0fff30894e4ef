import LabCore
import Foundation
import XCTest

/// Finite-difference gradient checking for a kernel with several Float inputs.
///
/// The scalar checked is L = Σ_i out_i·r_i with fixed random r, accumulated in Double;
/// numeric dL/dx by central differences at `samples` random entries of each input.
struct GradientCheck {
    var rng = TestRandom(seed: 7)

    /// Returns the max relative difference over the sampled entries of every input.
    /// `forward(inputs) -> out`; `backward(inputs, dout) -> gradient per input (nil = not checked)`.
    mutating func run(_ name: String, inputs: [[Float]], eps: Float = 5e-3, samples: Int = 30,
                      forward: ([[Float]]) -> [Float], backward: ([[Float]], [Float]) -> [[Float]?]) -> Double {
        let out = forward(inputs)
        let r = (0..<out.count).map { _ in Float(rng.normal()) }
        let analytic = backward(inputs, r)
        func loss(_ x: [[Float]]) -> Double {
            let o = forward(x)
            var s = 0.0
            for i in 0..<o.count { s += Double(o[i]) * Double(r[i]) }
            return s
        }
        var maxRel = 0.0, maxAbs = 0.0
        for (k, grad) in analytic.enumerated() {
            guard let grad else { continue }
            let scale = grad.map { abs(Double($0)) }.max() ?? 1
            for _ in 0..<samples {
                let i = rng.int(inputs[k].count)
                var plus = inputs, minus = inputs
                plus[k][i] += eps
                minus[k][i] -= eps
                let numeric = (loss(plus) - loss(minus)) / Double(2 * eps)
                let a = Double(grad[i])
                let diff = abs(a - numeric)
                // Relative to the entry, floored at 1% of the input's largest gradient.
                let rel = diff / max(abs(a), abs(numeric), 0.01 * scale, 1e-6)
                maxRel = max(maxRel, rel)
                maxAbs = max(maxAbs, diff)
            }
        }
        print("gradcheck \(name): max relative diff \(String(format: "%.2e", maxRel)), max abs diff \(String(format: "%.2e", maxAbs))")
        return maxRel
    }
}

/// A small seeded generator for test data.
struct TestRandom {
    private var source: SplitMix64
    init(seed: UInt64) { source = SplitMix64(state: seed &+ 0x9E37_79B9_7F4A_7C15) }
    mutating func next() -> UInt64 { source.next() }
    mutating func uniform() -> Double { Double((next() >> 11) + 1) * 0x1.0p-53 }
    mutating func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func floats(_ n: Int, std: Double = 1) -> [Float] { (0..<n).map { _ in Float(normal() * std) } }
}
