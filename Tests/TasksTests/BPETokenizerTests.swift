import LabCore
import XCTest
@testable import Tasks

final class BPETokenizerTests: XCTestCase {
    static let trainingTexts: [String] = {
        var texts = (try? TaskSpec.kvRecall(.init(length: 4000, pairs: 6, queries: 3, minDistance: 500))
            .generate(count: 10, seed: 3).map(\.text)) ?? []
        texts += (try? TaskSpec.multidocQA(.init(documents: 10)).generate(count: 5, seed: 3).map(\.text)) ?? []
        texts.append("Ünïcödé wörds, 日本語のテキスト, emoji 🎉🎉🎉 and tabs\tand\r\nCRLF lines.")
        return texts
    }()

    func testVocabSizeIsRespected() throws {
        for size in [258, 300, 512] {
            let tokenizer = try BPETokenizer.train(texts: Self.trainingTexts, vocabSize: size)
            XCTAssertEqual(tokenizer.vocabSize, size, "enough data for \(size)")
            for text in Self.trainingTexts {
                XCTAssertTrue(tokenizer.encode(text).allSatisfy { $0 >= 0 && Int($0) < size && !tokenizer.isSpecial($0) })
            }
        }
        // Tiny data: stops when no pair repeats, never exceeds the request.
        let tiny = try BPETokenizer.train(texts: ["abc abd"], vocabSize: 1000)
        XCTAssertLessThan(tiny.vocabSize, 1000)
        XCTAssertThrowsError(try BPETokenizer.train(texts: ["x"], vocabSize: 257))
    }

    func testMergesCompressAndDigitsStayAlone() throws {
        let tokenizer = try BPETokenizer.train(texts: Self.trainingTexts, vocabSize: 512)
        let text = Self.trainingTexts[0]
        let ids = tokenizer.encode(text)
        let ratio = Double(text.utf8.count) / Double(ids.count)
        print("bytes per token at vocab 512 on kv-recall: \(ratio)")
        XCTAssertGreaterThan(ratio, 2.0)
        for id in ids {
            let piece = tokenizer.tokenText(id) ?? ""
            if piece.contains(where: \.isNumber) { XCTAssertEqual(piece.count, 1, "digit token '\(piece)'") }
        }
        // " kebo" style: the space goes with the following word.
        let pieces = tokenizer.encode(" the code of").compactMap { tokenizer.tokenText($0) }
        XCTAssertEqual(pieces, [" the", " code", " of"])
    }

    func testRoundTripOnVariedText() throws {
        let tokenizer = try BPETokenizer.train(texts: Self.trainingTexts, vocabSize: 400)
        var fixed = [
            "", " ", "  ", "\n", "\n\n  \t", "a", "héllo  wörld", "🎉", "👩‍👩‍👧‍👦 family", "日本語",
            "the code of kebo is 0042.", "mixed\r\nline endings\rand\u{0}nul", "   leading and trailing   ",
            "punctuation!!! ,,, ... ??", "123 456 7890", "\u{FEFF}bom", "é\u{301} combining",
        ]
        var rng = SeededRandom(seed: 99)
        let pools: [ClosedRange<UInt32>] = [0x20...0x7E, 0x0A...0x0A, 0xA0...0x2FF, 0x3040...0x30FF, 0x1F300...0x1F6FF, 0x4E00...0x4FFF]
        for _ in 0..<200 {
            var s = ""
            for _ in 0..<rng.int(in: 0...60) {
                let pool = rng.pick(pools)
                let value = pool.lowerBound + UInt32(rng.below(Int(pool.upperBound - pool.lowerBound) + 1))
                if let scalar = Unicode.Scalar(value) { s.unicodeScalars.append(scalar) }
            }
            fixed.append(s)
        }
        for text in fixed + Self.trainingTexts {
            let encoded = tokenizer.encodeWithOffsets(text)
            XCTAssertEqual(tokenizer.decode(encoded.ids), text)
            // Offsets tile the text and match each token's bytes.
            let bytes = Array(text.utf8)
            var offset = 0
            for t in 0..<encoded.count {
                XCTAssertEqual(encoded.byteStarts[t], offset)
                offset = encoded.byteEnds[t]
                XCTAssertEqual(Array(bytes[encoded.byteStarts[t]..<encoded.byteEnds[t]]), tokenizer.tokenBytes[Int(encoded.ids[t])])
            }
            XCTAssertEqual(offset, bytes.count)
        }
    }

    func testDecodeNeverTraps() throws {
        let tokenizer = try BPETokenizer.train(texts: ["aaaa bbbb aaaa bbbb"], vocabSize: 270)
        XCTAssertEqual(tokenizer.decode([97, -1, 98, 99_999]), "a\u{FFFD}b\u{FFFD}")
        XCTAssertEqual(tokenizer.decode([256, 97, 257]), "<|bos|>a<|eos|>")
        XCTAssertEqual(tokenizer.decode([256, 97, 257], skipSpecial: true), "a")
        XCTAssertEqual(tokenizer.decode([0xE2, 0x82]), "\u{FFFD}")   // half a character
    }

    func testTrainingIsDeterministic() throws {
        let a = try BPETokenizer.train(texts: Self.trainingTexts, vocabSize: 450)
        let b = try BPETokenizer.train(texts: Self.trainingTexts, vocabSize: 450)
        XCTAssertEqual(a.fileData(), b.fileData())
    }

    func testTokenSpansCoverAnnotatedBytes() throws {
        let tokenizer = try BPETokenizer.train(texts: Self.trainingTexts, vocabSize: 512)
        var examples = try TaskSpec.kvRecall(.init(length: 3000, pairs: 5, queries: 3, minDistance: 600)).generate(count: 5, seed: 12)
        examples += try TaskSpec.needle(.init(length: 1500)).generate(count: 5, seed: 12)
        examples += try TaskSpec.multidocQA(.init(documents: 8)).generate(count: 5, seed: 12)
        for example in examples {
            let tokens = tokenizer.encodeWithOffsets(example.text)
            let distances = tokens.longRangeTokenDistances(example.longRange)
            XCTAssertEqual(distances.count, tokens.count)
            var marked = 0
            for span in example.longRange {
                let range = tokens.tokenRange(coveringBytes: span.start..<span.end)
                XCTAssertFalse(range.isEmpty)
                XCTAssertLessThanOrEqual(tokens.byteStarts[range.lowerBound], span.start)
                XCTAssertGreaterThanOrEqual(tokens.byteEnds[range.upperBound - 1], span.end)
                // Minimal: the first and last tokens really overlap the span.
                XCTAssertGreaterThan(tokens.byteEnds[range.lowerBound], span.start)
                XCTAssertLessThan(tokens.byteStarts[range.upperBound - 1], span.end)
                // The copied tokens equal the source tokens (digits are single tokens).
                let source = try XCTUnwrap(tokens.tokenIndex(containingByte: span.source))
                let d = range.lowerBound - source
                XCTAssertGreaterThan(d, 0)
                for t in range {
                    XCTAssertEqual(distances[t], d)
                    XCTAssertEqual(tokens.ids[t], tokens.ids[t - d])
                }
                marked += range.count
            }
            XCTAssertEqual(distances.filter { $0 > 0 }.count, marked)
        }
        let probe = tokenizer.encodeWithOffsets("ab cd")
        XCTAssertEqual(probe.tokenRange(coveringBytes: 5..<5), probe.count..<probe.count)
        XCTAssertNil(probe.tokenIndex(containingByte: 5))
    }

    func testPromptEncodesToAPrefixOfTheText() throws {
        let tokenizer = try BPETokenizer.train(texts: Self.trainingTexts, vocabSize: 512)
        for example in try TaskSpec.needle(.init(length: 600)).generate(count: 3, seed: 1)
                + TaskSpec.multidocQA(.init(documents: 4)).generate(count: 3, seed: 1) {
            let prompt = tokenizer.encode(example.prompt ?? "")
            let text = tokenizer.encode(example.text)
            XCTAssertEqual(Array(text.prefix(prompt.count)), prompt)
        }
    }
}

final class LengthEstimateTests: XCTestCase {
    func testEstimatedCharactersGiveAtLeastTheTokens() throws {
        for vocab in [300, 512, 1024] {
            let training = try TaskSpec.kvRecall(.init(length: 4000)).generate(count: 40, seed: 1).map(\.text)
            let tokenizer = try BPETokenizer.train(texts: training, vocabSize: vocab)
            for tokens in [64, 256] {
                let characters = LengthEstimate.characters(forAtLeastTokens: tokens, vocabSize: vocab)
                for spec: TaskSpec in [.filler(.init(length: characters)), .kvRecall(.init(length: characters, pairs: 2, queries: 1, minDistance: characters / 4)),
                                       .needle(.init(length: characters))] {
                    let counts = try spec.generate(count: 5, seed: 2).map { tokenizer.encode($0.text).count }
                    print("vocab \(vocab) \(spec.kind.rawValue): \(characters) chars → tokens \(counts) (want ≥ \(tokens))")
                    XCTAssertTrue(counts.allSatisfy { $0 >= tokens }, "\(spec.kind) vocab \(vocab)")
                }
            }
        }
    }
}
