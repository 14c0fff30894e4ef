import LabCore
import XCTest
@testable import Tasks

/// Not pass/fail benchmarks: they print the figures (run in release) and check only generous
/// bounds, so a pathological slowdown still fails.
final class SpeedTests: XCTestCase {
    #if DEBUG
    static let corpusBytes = 200_000
    #else
    static let corpusBytes = 2_000_000
    #endif

    func testCorpusGenerationAndBPETrainingSpeed() throws {
        let perExample = 4096
        let count = Self.corpusBytes / perExample
        var start = Date()
        let corpus = try TaskSpec.kvRecall(.init(length: perExample, pairs: 8, queries: 4, minDistance: 1024))
            .generate(count: count, seed: 1)
        let generation = Date().timeIntervalSince(start)
        let bytes = corpus.reduce(0) { $0 + $1.text.utf8.count }

        start = Date()
        let needles = try TaskSpec.needle(.init(length: perExample)).generate(count: count / 4, seed: 1)
        let needleTime = Date().timeIntervalSince(start)
        start = Date()
        let docs = try TaskSpec.multidocQA(.init(length: perExample)).generate(count: count / 4, seed: 1)
        let docsTime = Date().timeIntervalSince(start)

        start = Date()
        let tokenizer = try BPETokenizer.train(texts: corpus.map(\.text), vocabSize: 512)
        let training = Date().timeIntervalSince(start)

        start = Date()
        var tokens = 0
        for example in corpus { tokens += tokenizer.encodeWithOffsets(example.text).count }
        let encoding = Date().timeIntervalSince(start)

        let mb = Double(bytes) / 1e6
        print(String(format: "kv-recall generation: %.2f MB in %.3f s (%.1f MB/s)", mb, generation, mb / generation))
        print(String(format: "needle generation: %d examples of %d chars in %.3f s", needles.count, perExample, needleTime))
        print(String(format: "multidoc-qa generation: %d examples of %d chars in %.3f s", docs.count, perExample, docsTime))
        print(String(format: "BPE training to vocab 512 on %.2f MB: %.3f s", mb, training))
        print(String(format: "BPE encoding with offsets: %.2f MB in %.3f s, %.2f bytes/token", mb, encoding, Double(bytes) / Double(tokens)))
        XCTAssertEqual(tokenizer.vocabSize, 512)
        XCTAssertLessThan(training, 120)
        XCTAssertLessThan(generation, 120)
    }

    /// Text with a large vocabulary (random words of random letters, Zipf-distributed, some
    /// non-ASCII), the hard case for training: many distinct chunks.
    func testBPETrainingSpeedOnManyDistinctWords() throws {
        var rng = SeededRandom(seed: 5)
        let letters = Array("abcdefghijklmnopqrstuvwxyzéöü")
        let lexicon = (0..<50_000).map { _ in String((0..<rng.int(in: 2...10)).map { _ in rng.pick(letters) }) }
        var text = ""
        var texts: [String] = []
        while texts.count * 10_000 < Self.corpusBytes {
            // Rank r with probability ~ 1/r: a uniform log-rank.
            let rank = Int(exp(rng.unit() * log(Double(lexicon.count)))) - 1
            text += (rng.chance(0.1) ? ". " : " ") + lexicon[min(rank, lexicon.count - 1)]
            if text.utf8.count >= 10_000 { texts.append(text); text = "" }
        }
        let start = Date()
        let tokenizer = try BPETokenizer.train(texts: texts, vocabSize: 1024)
        let training = Date().timeIntervalSince(start)
        print(String(format: "BPE training to vocab 1024 on %.2f MB of many-word text: %.3f s", Double(texts.count * 10_000) / 1e6, training))
        XCTAssertEqual(tokenizer.vocabSize, 1024)
        XCTAssertEqual(tokenizer.decode(tokenizer.encode(texts[0])), texts[0])
        XCTAssertLessThan(training, 120)
    }
}
