import XCTest
@testable import Engine
import Kernels

/// Finite-difference check of the whole model's backward, with weights and head masks.
final class ModelGradientTests: XCTestCase {
    let config = TransformerConfig(vocabSize: 13, layers: 2, heads: 2, dim: 8, hidden: 12, context: 12, ropeBase: 50, ropeScale: 1.5)

    func check(mask: HeadMask?) throws -> Double {
        let model = try Transformer(config: config, seed: 5)
        model.threads = 2
        var rng = TestRandom(seed: 9)
        // Larger weights than the 0.02 init, so every path carries a visible gradient.
        for i in 0..<model.parameterCount { model.parameters.pointer[i] = Float(rng.normal() * 0.4) }
        for t in model.layout.tensors where t.isNormGain {
            for i in 0..<t.count { model.parameters.pointer[t.offset + i] = 1 + Float(rng.normal() * 0.1) }
        }
        let b = 2, t = 7, bt = b * t
        let inputs = rng.tokens(bt, vocab: 13), targets = rng.tokens(bt, vocab: 13)
        var weights = (0..<bt).map { _ in Float(rng.uniform() * 2) }
        weights[4] = 0
        let resolved = ResolvedHeadMask(mask, config: config)
        let a = model.activations(b: b, t: t, training: true)
        func loss() -> Double {
            inputs.withUnsafeBufferPointer { a.inputs.pointer.update(from: $0.baseAddress!, count: bt) }
            targets.withUnsafeBufferPointer { a.targets.pointer.update(from: $0.baseAddress!, count: bt) }
            weights.withUnsafeBufferPointer { a.weights.update(from: $0.baseAddress!, count: bt) }
            model.forward(a, mask: resolved)
            model.computeLosses(a)
            var s = 0.0
            for i in 0..<bt { s += Double(weights[i]) * Double(a.losses[i]) }
            return s / Double(bt)
        }
        _ = loss()
        let grads = FloatBuffer(count: model.parameterCount)
        model.backward(a, grads: ParameterViews(base: grads.pointer, layout: model.layout), lossScale: 1 / Float(bt), mask: resolved)
        let analytic = grads.array
        let scale = analytic.map { abs(Double($0)) }.max()!
        var maxRel = 0.0
        let eps: Float = 2e-3
        // A few entries of every tensor.
        for tensor in model.layout.tensors {
            for _ in 0..<3 {
                let i = tensor.offset + rng.int(tensor.count)
                let saved = model.parameters.pointer[i]
                model.parameters.pointer[i] = saved + eps
                let lp = loss()
                model.parameters.pointer[i] = saved - eps
                let lm = loss()
                model.parameters.pointer[i] = saved
                let numeric = (lp - lm) / Double(2 * eps), g = Double(analytic[i])
                let rel = abs(g - numeric) / max(abs(g), abs(numeric), 0.01 * scale)
                if rel > 0.05 { print("  \(tensor.name)[\(i - tensor.offset)]: analytic \(g) numeric \(numeric)") }
                maxRel = max(maxRel, rel)
            }
        }
        let what = mask.map { "\($0.mode) mask" } ?? "no mask"
        print("model gradcheck (\(what)): max relative diff \(String(format: "%.2e", maxRel)) over \(model.layout.tensors.count * 3) entries")
        return maxRel
    }

    func testWholeModelGradients() throws {
        XCTAssertLessThan(try check(mask: nil), 0.05)
    }

    func testWholeModelGradientsWithQueryMask() throws {
        XCTAssertLessThan(try check(mask: HeadMask(mode: .query, heads: [(0, 1), (1, 0)])), 0.05)
    }

    func testWholeModelGradientsWithOutputMask() throws {
        XCTAssertLessThan(try check(mask: HeadMask(mode: .output, heads: [(0, 0)])), 0.05)
    }
}
