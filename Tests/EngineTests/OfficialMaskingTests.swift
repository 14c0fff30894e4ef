import XCTest
@testable import Engine

/// Head masking in the retrieval-heads official order (`masksPrompt: false`): the prompt except
/// its last token is prefilled unmasked; the last prompt token and every generated token go
/// through the mask.
final class OfficialMaskingTests: XCTestCase {
    let config = InferenceFixture.config

    func model() throws -> Transformer { try InferenceFixture.model() }

    func maxDifference(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).map { abs($0 - $1) }.max() ?? .infinity }

    /// With no head masked, prefilling all but the last token and decoding that one gives what
    /// the one-forward prefill gave: the same tokens, argmax read-out and first logits.
    func testSplitPrefillEqualsTheWholePromptPrefill() throws {
        let m = try model()
        var rng = TestRandom(seed: 31)
        for length in [1, 2, 9, 20] {
            let prompt = rng.tokens(length, vocab: config.vocabSize)
            let whole = try m.generate(prompt: prompt, maxTokens: 10, readout: .rows)
            let split = try m.generate(prompt: prompt, maxTokens: 10,
                                       headMask: HeadMask(mode: .query, heads: Set<HeadMask.Head>(), masksPrompt: false), readout: .rows)
            let diff = maxDifference(whole.firstLogits, split.firstLogits)
            print("prompt \(length): split vs whole prefill, first logits max abs diff \(diff)")
            XCTAssertEqual(whole.firstLogits.count, config.vocabSize)
            XCTAssertLessThan(diff, 1e-4)
            XCTAssertEqual(split.tokens, whole.tokens)
            XCTAssertEqual(split.attentionArgmax, whole.attentionArgmax)
            XCTAssertEqual(split.attentionRows.count, whole.attentionRows.count)
        }
    }

    /// The first generated token's distribution changes under the mask (before this, the last
    /// prompt token went through the unmasked prefill, so the first answer token never did).
    func testMaskingChangesTheFirstTokensDistribution() throws {
        let m = try model()
        var rng = TestRandom(seed: 32)
        let prompt = rng.tokens(12, vocab: config.vocabSize)
        let plain = try m.generate(prompt: prompt, maxTokens: 4)
        for mode in HeadMask.Mode.allCases {
            let mask = HeadMask(mode: mode, heads: [(0, 1), (1, 2), (1, 3)], masksPrompt: false)
            let masked = try m.generate(prompt: prompt, maxTokens: 4, headMask: mask)
            let diff = maxDifference(plain.firstLogits, masked.firstLogits)
            print("\(mode) mask: first-token logits move by up to \(diff)")
            XCTAssertGreaterThan(diff, 1e-3, "\(mode)")
        }
    }

    /// A last-layer query mask leaves every key and value untouched, so the official order and a
    /// fully masked forward agree on the first token; a first-layer mask changes the keys and
    /// values of later layers at earlier positions, so there the unmasked prefill shows.
    func testOnlyTheLastPromptTokenGoesThroughTheMask() throws {
        let m = try model()
        var rng = TestRandom(seed: 33)
        let prompt = rng.tokens(15, vocab: config.vocabSize)
        let v = config.vocabSize
        let lastLayer = HeadMask(mode: .query, heads: [(1, 0), (1, 2)], masksPrompt: false)
        let official = try m.generate(prompt: prompt, maxTokens: 3, headMask: lastLayer)
        let full = try m.logits(tokens: prompt, headMask: lastLayer)
        let reference = Array(full[((prompt.count - 1) * v)...])
        let agreement = maxDifference(official.firstLogits, reference)
        print("last-layer query mask: official order vs fully masked forward, max abs diff \(agreement)")
        XCTAssertLessThan(agreement, 1e-4)

        var firstLayer = HeadMask(mode: .query, heads: [(0, 0), (0, 3)], masksPrompt: false)
        let unmaskedPrefill = try m.generate(prompt: prompt, maxTokens: 3, headMask: firstLayer)
        firstLayer.masksPrompt = true
        let maskedPrefill = try m.generate(prompt: prompt, maxTokens: 3, headMask: firstLayer)
        let gap = maxDifference(unmaskedPrefill.firstLogits, maskedPrefill.firstLogits)
        print("first-layer query mask: unmasked vs masked prefill, first logits differ by up to \(gap)")
        XCTAssertGreaterThan(gap, 1e-3)
    }

    /// The masked head attends uniformly at the step that produces the first token.
    func testTheFirstTokensStepIsMaskedInQueryMode() throws {
        let m = try model()
        var rng = TestRandom(seed: 34)
        let prompt = rng.tokens(10, vocab: config.vocabSize)
        let mask = HeadMask(mode: .query, heads: [(1, 1)], masksPrompt: false)
        let g = try m.generate(prompt: prompt, maxTokens: 3, headMask: mask, readout: .rows)
        let first = g.attentionRows[0][1 * config.heads + 1]
        XCTAssertEqual(first.count, prompt.count)
        XCTAssertLessThan(first.map { abs($0 - 1 / Float(first.count)) }.max()!, 1e-6)
    }

    /// A stop token is reported, and the read-out covers it.
    func testStopTokenIsReportedWithItsReadout() throws {
        let m = try model()
        var rng = TestRandom(seed: 35)
        let prompt = rng.tokens(8, vocab: config.vocabSize)
        let free = try m.generate(prompt: prompt, maxTokens: 12, readout: .argmax)
        let stopAt = free.tokens[3]
        let stopped = try m.generate(prompt: prompt, maxTokens: 12, stop: [stopAt], readout: .argmax)
        let kept: [Int32] = Array(free.tokens.prefix { $0 != stopAt })
        XCTAssertEqual(stopped.stopToken, stopAt)
        XCTAssertEqual(stopped.tokens, kept)
        XCTAssertEqual(stopped.producedTokens, kept + [stopAt])
        XCTAssertEqual(stopped.attentionArgmax, Array(free.attentionArgmax.prefix(kept.count + 1)))
        XCTAssertNil(free.stopToken)
    }
}
