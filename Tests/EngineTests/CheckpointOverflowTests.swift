import Foundation
import XCTest
@testable import Engine

/// A real checkpoint whose header is rewritten to absurd sizes is refused with a
/// `badCheckpoint` naming the field — before any allocation, and without an overflow trap.
final class CheckpointOverflowTests: XCTestCase {
    let config = TransformerConfig(vocabSize: 11, layers: 2, heads: 2, dim: 8, hidden: 16, context: 10)
    var dir: URL!

    override func setUp() { dir = temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    /// A saved model with `replace` applied to its JSON header (length and padding redone).
    func craftedCheckpoint(_ replace: [(String, String)]) throws -> URL {
        let url = dir.appendingPathComponent("m.safetensors")
        try Transformer(config: config, seed: 1).save(to: url)
        let rewritten = try CheckpointRewriter.rewrite(try Data(contentsOf: url), replace)
        try rewritten.write(to: url)
        return url
    }

    func assertRefused(_ replace: [(String, String)], mentioning words: [String],
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let url = try craftedCheckpoint(replace)
        for attempt in [{ _ = try Transformer.load(url: url) }, { _ = try Transformer.config(at: url) },
                        { _ = try Transformer.load(url: url, overrides: ConfigOverrides(context: 8)) }] {
            XCTAssertThrowsError(try attempt(), file: file, line: line) { error in
                guard case let EngineError.badCheckpoint(_, reason) = error else {
                    return XCTFail("expected badCheckpoint, got \(error)", file: file, line: line)
                }
                for word in words { XCTAssertTrue(reason.contains(word), "'\(reason)' lacks '\(word)'", file: file, line: line) }
            }
        }
    }

    func testTheRewriterKeepsAGoodCheckpointLoadable() throws {
        let url = try craftedCheckpoint([("\"context\":\"10\"", "\"context\":\"9\"")])
        XCTAssertEqual(try Transformer.load(url: url).config.context, 9)
    }

    func testContextWhoseSquareOverflows() throws {
        // 5e9² > Int.max: the old check multiplied and trapped.
        try assertRefused([("\"context\":\"10\"", "\"context\":\"5000000000\"")], mentioning: ["context", "5000000000"])
    }

    func testDimWhoseSquareOverflows() throws {
        try assertRefused([("\"dim\":\"8\"", "\"dim\":\"3037000500\"")], mentioning: ["dim"])
    }

    func testVocabularyTimesDimOverflows() throws {
        try assertRefused([("\"vocab_size\":\"11\"", "\"vocab_size\":\"2000000000\"")], mentioning: ["vocabSize"])
    }

    func testLayersWhoseParameterCountOverflows() throws {
        try assertRefused([("\"n_layers\":\"2\"", "\"n_layers\":\"1000000000000000000\"")], mentioning: ["layers"])
    }

    func testLayersBeyondTheFileAreRefusedBeforeAllocating() throws {
        // 10⁶ layers is a valid config of 656 million parameters (2.6 GB); the file holds 7 KB.
        try assertRefused([("\"n_layers\":\"2\"", "\"n_layers\":\"1000000\"")], mentioning: ["needs", "bytes of parameters", "file holds"])
    }

    func testATensorShapeWhoseByteCountOverflows() throws {
        // 4·10¹⁸ elements fit an Int, their 4-byte count does not (the old message multiplied).
        try assertRefused([("\"shape\":[8]", "\"shape\":[999999999999999,4000]")], mentioning: ["too large"])
    }
}

/// Rewrites the JSON header of a safetensors file by string replacement.
enum CheckpointRewriter {
    static func rewrite(_ data: Data, _ replace: [(String, String)]) throws -> Data {
        let n = data.prefix(8).enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        var header = String(decoding: data.subdata(in: 8..<(8 + n)), as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
        for (old, new) in replace {
            guard header.contains(old) else { throw Missing(text: old) }
            header = header.replacingOccurrences(of: old, with: new)
        }
        var bytes = Array(header.utf8)
        while bytes.count % 8 != 0 { bytes.append(0x20) }
        var out = Data()
        var length = UInt64(bytes.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(contentsOf: bytes)
        out.append(data.subdata(in: (8 + n)..<data.count))
        return out
    }

    struct Missing: Error { let text: String }
}
