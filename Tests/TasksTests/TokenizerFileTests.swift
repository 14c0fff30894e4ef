import XCTest
@testable import Tasks

final class TokenizerFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tasks-tok-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testSaveLoadRoundTrip() throws {
        let tokenizer = try BPETokenizer.train(texts: BPETokenizerTests.trainingTexts, vocabSize: 400)
        let url = directory.appendingPathComponent(BPETokenizer.fileName)
        try tokenizer.save(to: url)
        let loaded = try BPETokenizer.load(from: url)
        XCTAssertEqual(loaded, tokenizer)
        XCTAssertEqual(loaded.vocabSize, 400)
        let text = BPETokenizerTests.trainingTexts[1]
        XCTAssertEqual(loaded.encode(text), tokenizer.encode(text))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        XCTAssertEqual(leftovers, [BPETokenizer.fileName])
    }

    func testMalformedFilesAreRejected() throws {
        let valid = #"{"format":"lab-bpe","version":1,"pretokenizer":"lab-bytes-v1","special_tokens":["<|bos|>","<|eos|>"],"vocab_size":260,"merges":[[97,98],[258,99]]}"#
        XCTAssertEqual(try BPETokenizer.load(data: Data(valid.utf8)).vocabSize, 260)
        let bad: [(String, String)] = [
            ("", "JSON"),
            ("[1,2]", "JSON"),
            (valid.replacingOccurrences(of: "lab-bpe", with: "gpt2"), "format"),
            (valid.replacingOccurrences(of: "\"version\":1", with: "\"version\":9"), "version"),
            (valid.replacingOccurrences(of: "260", with: "300"), "vocab_size"),
            (valid.replacingOccurrences(of: "[258,99]", with: "[259,99]"), "unknown"),    // refers to itself
            (valid.replacingOccurrences(of: "[258,99]", with: "[97,98]"), "repeats"),
            (valid.replacingOccurrences(of: "[258,99]", with: "[256,99]"), "special"),
            (valid.replacingOccurrences(of: "[258,99]", with: "[258]"), "2"),
            (valid.replacingOccurrences(of: "<|eos|>", with: "<|end|>"), "special tokens"),
        ]
        for (text, word) in bad {
            let url = directory.appendingPathComponent("t.json")
            try Data(text.utf8).write(to: url)
            XCTAssertThrowsError(try BPETokenizer.load(from: url), text) { error in
                guard case .badTokenizerFile(let path, _) = error as? TaskError else { return XCTFail("\(error)") }
                XCTAssertEqual(path, url.path)
                XCTAssertTrue("\(error)".contains(word), "\(error) should mention \(word)")
            }
        }
        XCTAssertThrowsError(try BPETokenizer.load(from: directory.appendingPathComponent("missing.json")))
    }
}
