import XCTest
@testable import Engine

/// safetensors round trip and the rejection of malformed files.
final class CheckpointTests: XCTestCase {
    let config = TransformerConfig(vocabSize: 11, layers: 2, heads: 2, dim: 8, hidden: 16, context: 10, ropeBase: 777, ropeScale: 2)
    var dir: URL!

    override func setUp() { dir = temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func testRoundTrip() throws {
        let model = try Transformer(config: config, seed: 3)
        let url = dir.appendingPathComponent("m.safetensors")
        try model.save(to: url)
        try model.save(to: url)  // overwriting goes through the atomic replace
        let loaded = try Transformer.load(url: url)
        XCTAssertEqual(loaded.config, config)
        XCTAssertEqual(loaded.parameterArray, model.parameterArray)
        XCTAssertEqual(try Transformer.config(at: url), config)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["m.safetensors"])
        // Header: little-endian length, JSON with names, dtype, shapes and metadata.
        let data = try Data(contentsOf: url)
        let n = data.prefix(8).enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        XCTAssertEqual(n % 8, 0)
        let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + n))) as! [String: Any]
        let wq = header["layers.1.attention.wq.weight"] as! [String: Any]
        XCTAssertEqual(wq["dtype"] as? String, "F32")
        XCTAssertEqual(wq["shape"] as? [Int], [8, 8])
        XCTAssertEqual((header["feed_forward.w2.weight"] ?? header["layers.0.feed_forward.w2.weight"]) .map { ($0 as! [String: Any])["shape"] as! [Int] }, [8, 16])
        let meta = header["__metadata__"] as! [String: String]
        XCTAssertEqual(meta["rope_theta"], "777.0")
        XCTAssertEqual(data.count, 8 + n + model.parameterCount * 4)
    }

    /// Writes a file from a header string and `dataBytes` bytes of zeros.
    func file(header: String, dataBytes: Int, lengthOverride: UInt64? = nil) throws -> URL {
        var d = Data()
        var len = (lengthOverride ?? UInt64(header.utf8.count)).littleEndian
        withUnsafeBytes(of: &len) { d.append(contentsOf: $0) }
        d.append(contentsOf: Array(header.utf8))
        d.append(Data(count: dataBytes))
        let url = dir.appendingPathComponent("bad-\(UUID().uuidString).safetensors")
        try d.write(to: url)
        return url
    }

    func expectRejected(_ url: URL, _ fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try Transformer.load(url: url), file: file, line: line) { error in
            print("rejected: \(error)")
            guard case EngineError.badCheckpoint = error else { return XCTFail("wrong error \(error)", file: file, line: line) }
            XCTAssertTrue("\(error)".contains(fragment), "\(error)", file: file, line: line)
        }
    }

    func testRejectsMalformedFiles() throws {
        let model = try Transformer(config: config, seed: 3)
        let url = dir.appendingPathComponent("m.safetensors")
        try model.save(to: url)
        let good = try Data(contentsOf: url)
        // Truncated: the last tensor runs past the end of the file.
        let truncated = dir.appendingPathComponent("t.safetensors")
        try good.prefix(good.count - 10).write(to: truncated)
        expectRejected(truncated, "truncated")
        // Shorter than the length field.
        let tiny = dir.appendingPathComponent("tiny.safetensors")
        try Data([1, 2, 3]).write(to: tiny)
        expectRejected(tiny, "shorter")
        // Header length larger than the file / absurd.
        expectRejected(try file(header: "{}", dataBytes: 0, lengthOverride: 500), "truncated")
        expectRejected(try file(header: "{}", dataBytes: 0, lengthOverride: 1 << 40), "not plausible")
        expectRejected(try file(header: "{not json", dataBytes: 0), "JSON")
        let meta = "\"__metadata__\":{\"format\":\"lab-llama-f32-v1\"}"
        expectRejected(try file(header: "{\(meta),\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", dataBytes: 4), "dtype F16")
        expectRejected(try file(header: "{\(meta),\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", dataBytes: 8), "needs 12 bytes")
        expectRejected(try file(header: "{\(meta),\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", dataBytes: 12), "overlap")
        expectRejected(try file(header: "{\(meta),\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", dataBytes: 8), "shape")
        expectRejected(try file(header: "{\(meta),\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", dataBytes: 8), "ordered")
        // Structurally fine, but not a model: no config metadata.
        expectRejected(try file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", dataBytes: 8), "format")
        // A header that lies about a tensor's shape against the config.
        var header = String(decoding: good.subdata(in: 8..<(8 + Int(good[0]) + Int(good[1]) << 8)), as: UTF8.self)
        header = header.replacingOccurrences(of: "\"shape\":[11,8]", with: "\"shape\":[8,11]")
        let dataStart = 8 + Int(good[0]) + Int(good[1]) << 8
        expectRejected(try file(header: header, dataBytes: good.count - dataStart), "shape [8, 11]")
        // Metadata whose config is invalid.
        let bad = header.replacingOccurrences(of: "\"n_heads\":\"2\"", with: "\"n_heads\":\"3\"")
        XCTAssertNotEqual(bad, header)
        expectRejected(try file(header: bad, dataBytes: good.count - dataStart), "invalid")
    }
}
