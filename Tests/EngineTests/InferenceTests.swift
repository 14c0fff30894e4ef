import XCTest
@testable import Engine
import Kernels

/// Decoding with the KV cache, head masks, attention read-out, and sliding-window scoring.
final class InferenceTests: XCTestCase {
    let config = InferenceFixture.config

    func model() throws -> Transformer { try InferenceFixture.model() }

    /// Greedy decoding by full forwards over the growing sequence.
    func naiveGreedy(_ m: Transformer, prompt: [Int32], count: Int, mask: HeadMask? = nil) throws -> [Int32] {
        var seq = prompt
        for _ in 0..<count {
            let lg = try m.logits(tokens: seq, headMask: mask)
            let last = Array(lg.suffix(config.vocabSize))
            seq.append(Int32(last.indices.max { last[$0] < last[$1] || (last[$0] == last[$1] && $0 > $1) }!))
        }
        return Array(seq.dropFirst(prompt.count))
    }

    func testKVCacheDecodingEqualsFullForward() throws {
        let m = try model()
        var rng = TestRandom(seed: 1)
        let prompt = rng.tokens(9, vocab: 29)
        for mask in [nil, HeadMask(mode: .query, heads: [(0, 1), (1, 2)]), HeadMask(mode: .output, heads: [(1, 0)])] {
            let g = try m.generate(prompt: prompt, maxTokens: 20, headMask: mask)
            let naive = try naiveGreedy(m, prompt: prompt, count: 20, mask: mask)
            print("KV cache vs full forward (\(mask.map { "\($0.mode)" } ?? "no") mask): \(g.tokens == naive ? "equal" : "DIFFERENT") \(g.tokens)")
            XCTAssertEqual(g.tokens, naive)
            XCTAssertEqual(g.stopReason, .maxTokens)
        }
        // Stop token and context limit.
        let full = try m.generate(prompt: prompt, maxTokens: 20)
        let stopAt = full.tokens[5]
        let stopped = try m.generate(prompt: prompt, maxTokens: 20, stop: [stopAt])
        XCTAssertEqual(stopped.stopReason, .stopToken)
        XCTAssertEqual(stopped.tokens, Array(full.tokens.prefix(while: { $0 != stopAt })))
        let long = try m.generate(prompt: prompt, maxTokens: 100)
        XCTAssertEqual(long.stopReason, .contextFull)
        XCTAssertEqual(prompt.count + long.tokens.count, config.context + 1)
    }

    func testReadoutMatchesFullForwardAttention() throws {
        let m = try model()
        var rng = TestRandom(seed: 2)
        let prompt = rng.tokens(11, vocab: 29)
        let g = try m.generate(prompt: prompt, maxTokens: 8, readout: .rows)
        XCTAssertEqual(g.attentionArgmax.count, g.tokens.count)
        XCTAssertEqual(g.attentionRows.count, g.tokens.count)
        var maxDiff: Float = 0
        for (i, rows) in g.attentionRows.enumerated() {
            // The step producing token i had its query at position prompt + i − 1.
            let seq = prompt + g.tokens.prefix(i)
            let n = seq.count
            let a = m.activations(b: 1, t: n, training: false)
            seq.withUnsafeBufferPointer { a.inputs.pointer.update(from: $0.baseAddress!, count: n) }
            var reference: [[Float]] = []
            m.forward(a, mask: .none) { _, probs in  // (NH, n): the last position's rows
                for h in 0..<self.config.heads {
                    reference.append(Array(UnsafeBufferPointer(start: probs + h * n, count: n)))
                }
            }
            XCTAssertEqual(rows.count, config.layers * config.heads)
            for (k, row) in rows.enumerated() {
                XCTAssertEqual(row.count, n)
                maxDiff = max(maxDiff, zip(row, reference[k]).map { abs($0 - $1) }.max()!)
                let argmax = row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }!
                XCTAssertEqual(Int(g.attentionArgmax[i][k]), argmax)
            }
        }
        print("read-out rows vs full-forward attention: max abs diff \(maxDiff)")
        XCTAssertLessThan(maxDiff, 1e-5)
        let argmaxOnly = try m.generate(prompt: prompt, maxTokens: 8, readout: .argmax)
        XCTAssertEqual(argmaxOnly.attentionArgmax, g.attentionArgmax)
        XCTAssertTrue(argmaxOnly.attentionRows.isEmpty)
    }

    func testQueryMaskGivesUniformAttention() throws {
        let m = try model()
        var rng = TestRandom(seed: 3)
        let prompt = rng.tokens(7, vocab: 29)
        let mask = HeadMask(mode: .query, heads: [(1, 3)])
        let g = try m.generate(prompt: prompt, maxTokens: 6, headMask: mask, readout: .rows)
        var maxDeviation: Float = 0, unmaskedDeviation: Float = 0
        for rows in g.attentionRows {
            let masked = rows[1 * config.heads + 3]
            maxDeviation = max(maxDeviation, masked.map { abs($0 - 1 / Float(masked.count)) }.max()!)
            let other = rows[1 * config.heads + 2]
            unmaskedDeviation = max(unmaskedDeviation, other.map { abs($0 - 1 / Float(other.count)) }.max()!)
        }
        print("query mask: max deviation from uniform \(maxDeviation) (an unmasked head: \(unmaskedDeviation))")
        XCTAssertLessThan(maxDeviation, 1e-6)
        XCTAssertGreaterThan(unmaskedDeviation, 1e-3)
        // The whole prompt masked: the same tokens as full forwards under the mask.
        let strong = HeadMask(mode: .output, heads: (0..<2).flatMap { l in (0..<4).map { (l, $0) } })
        let allMasked = try m.generate(prompt: prompt, maxTokens: 6, headMask: strong)
        XCTAssertEqual(allMasked.tokens, try naiveGreedy(m, prompt: prompt, count: 6, mask: strong))
        XCTAssertThrowsError(try m.generate(prompt: prompt, maxTokens: 1, headMask: HeadMask(mode: .query, heads: [(2, 0)])))
    }

    func testFullContextScoringMatchesLogits() throws {
        let m = try model()
        var rng = TestRandom(seed: 4)
        let tokens = rng.tokens(40, vocab: 29)
        let scores = try m.tokenLosses(tokens: tokens)
        let reference = try m.referenceLosses(tokens)
        XCTAssertFalse(scores.scored[0])
        XCTAssertTrue(scores.scored.dropFirst().allSatisfy { $0 })
        let diff = (1..<tokens.count).map { abs(Double(scores.losses[$0]) - reference[$0]) }.max()!
        print("full-context token losses vs log-softmax of logits: max abs diff \(diff)")
        XCTAssertLessThan(diff, 1e-4)
        XCTAssertThrowsError(try m.tokenLosses(tokens: rng.tokens(60, vocab: 29)))
    }

    func testSlidingWindowScoring() throws {
        let m = try model()
        var rng = TestRandom(seed: 5)
        let tokens = rng.tokens(103, vocab: 29)  // longer than the context: only windows can score it
        let window = SlidingWindow(length: 16, stride: 6)
        let scores = try m.tokenLosses(tokens: tokens, window: window)
        XCTAssertFalse(scores.scored[0])
        var maxDiff = 0.0
        for pos in 1..<tokens.count {
            XCTAssertTrue(scores.scored[pos], "position \(pos)")
            let ctx = scores.contextLengths[pos]
            // Inside the first window the context is everything before; later, 10...16 tokens.
            if pos < window.length { XCTAssertEqual(ctx, pos) } else {
                XCTAssertTrue((window.length - window.stride)...window.length ~= ctx, "position \(pos) context \(ctx)")
            }
            let sub = Array(tokens[(pos - ctx)...pos])
            let expected = try m.referenceLosses(sub).last!
            maxDiff = max(maxDiff, abs(expected - Double(scores.losses[pos])))
        }
        print("sliding-window losses vs separate forwards: max abs diff \(maxDiff)")
        XCTAssertLessThan(maxDiff, 1e-4)
        // Two sequences at once give the same as one by one.
        let other = rng.tokens(50, vocab: 29)
        let both = try m.tokenLosses(sequences: [tokens, other], window: window)
        // Equal up to rounding: a different batch shape changes how BLAS splits the products.
        let alone = try m.tokenLosses(tokens: other, window: window)
        XCTAssertEqual(both[0].scored, scores.scored)
        XCTAssertEqual(both[1].contextLengths, alone.contextLengths)
        let batchedDiff = zip(both[0].losses + both[1].losses, scores.losses + alone.losses).map { abs($0 - $1) }.max()!
        print("batched vs one-by-one window scoring: max abs diff \(batchedDiff)")
        XCTAssertLessThan(batchedDiff, 1e-5)
        XCTAssertThrowsError(try m.tokenLosses(tokens: tokens, window: SlidingWindow(length: 16, stride: 16)))
        XCTAssertThrowsError(try m.tokenLosses(tokens: tokens, window: SlidingWindow(length: 64, stride: 8)))
    }
}

extension InferenceTests {
    /// The official code's BOS rule: a sequence that starts with BOS has it in place of every later
    /// window's first token; without that rule (or for a sequence not led by BOS) windows read the
    /// raw tokens.
    func testSlidingWindowPutsBOSFirstInEveryLaterWindow() throws {
        let m = try model()
        var rng = TestRandom(seed: 9)
        let bos: Int32 = 0
        let tokens = [bos] + rng.tokens(60, vocab: 29).map { $0 == bos ? 1 : $0 }
        let window = SlidingWindow(length: 16, stride: 8, bos: bos)
        let scores = try m.tokenLosses(tokens: tokens, window: window)
        let plain = try m.tokenLosses(tokens: tokens, window: SlidingWindow(length: 16, stride: 8))
        var maxDiff = 0.0, changed = 0
        for pos in 1..<tokens.count {
            let ctx = scores.contextLengths[pos], start = pos - ctx
            // The window's first token is BOS (it already is in the first window).
            let sub = [bos] + Array(tokens[(start + 1)...pos])
            maxDiff = max(maxDiff, abs(try m.referenceLosses(sub).last! - Double(scores.losses[pos])))
            if start > 0, abs(scores.losses[pos] - plain.losses[pos]) > 1e-6 { changed += 1 }
            if start == 0 { XCTAssertEqual(scores.losses[pos], plain.losses[pos], "first window: BOS is already first") }
        }
        print("BOS-led windows vs separate forwards: max abs diff \(maxDiff); \(changed) later-window losses changed by BOS")
        XCTAssertLessThan(maxDiff, 1e-4)
        XCTAssertGreaterThan(changed, 0)
        // A sequence that does not start with BOS is left as it is.
        let unled = Array(tokens.dropFirst())
        XCTAssertEqual(try m.tokenLosses(tokens: unled, window: window).losses,
                       try m.tokenLosses(tokens: unled, window: SlidingWindow(length: 16, stride: 8)).losses)
    }
}
