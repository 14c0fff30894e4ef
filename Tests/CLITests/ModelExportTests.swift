import Foundation
import LabCore
import XCTest
@testable import LabCLI

/// `lab export-model --format hf` and `lab import-model`, against a Hugging Face layout written
/// by numpy alone (`bench/hf_reference.py` from the engine's reference checkpoint).
final class ModelExportTests: XCTestCase {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let labCheckpoint = here.appendingPathComponent("../EngineTests/Fixtures/reference.safetensors").standardizedFileURL
    static let hfReference = here.appendingPathComponent("Fixtures/hf-reference")

    /// A workspace whose artifacts hold the reference model under a made-up key.
    func workspaceWithModel() throws -> (RunTestWorkspace, String) {
        let ws = try RunTestWorkspace()
        let key = String(repeating: "ab", count: 32)
        let folder = ws.root.appendingPathComponent("artifacts/\(key)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.labCheckpoint, to: folder.appendingPathComponent("model.safetensors"))
        XCTAssertEqual(ws.lab("init").code, 0)
        return (ws, key)
    }

    func assertSameTensors(_ a: SafeTensorsFile, _ b: SafeTensorsFile, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(a.tensors.keys), Set(b.tensors.keys), file: file, line: line)
        for (name, tensor) in a.tensors {
            XCTAssertEqual(tensor.shape, b.tensors[name]?.shape, name, file: file, line: line)
            XCTAssertEqual(tensor.values.map(\.bitPattern), b.tensors[name]?.values.map(\.bitPattern), name, file: file, line: line)
        }
    }

    func testExportMatchesTheNumpyHFLayoutAndImportGivesTheCheckpointBack() throws {
        let (ws, key) = try workspaceWithModel()
        let out = ws.root.appendingPathComponent("hf").path
        let export = ws.lab("export-model", String(key.prefix(10)), "--format", "hf", out)
        XCTAssertEqual(export.code, 0, export.err)
        assertSameTensors(try SafeTensorsFile.read(URL(fileURLWithPath: out + "/model.safetensors")),
                          try SafeTensorsFile.read(Self.hfReference.appendingPathComponent("model.safetensors")))
        let mine = try Value.parseJSON(String(contentsOfFile: out + "/config.json", encoding: .utf8))
        let reference = try Value.parseJSON(String(contentsOf: Self.hfReference.appendingPathComponent("config.json"), encoding: .utf8))
        for (name, value) in try XCTUnwrap(reference.objectValue) {
            if let number = value.doubleValue { XCTAssertEqual(mine[name].doubleValue, number, name) }
            else if name == "rope_scaling" { XCTAssertEqual(mine[name]["factor"].doubleValue, value["factor"].doubleValue) }
            else { XCTAssertEqual(mine[name], value, name) }
        }

        // Back: the numpy folder imported is the engine's checkpoint, tensor for tensor.
        let back = ws.root.appendingPathComponent("back.safetensors").path
        let imported = ws.lab("import-model", Self.hfReference.path, "-o", back)
        XCTAssertEqual(imported.code, 0, imported.err)
        let original = try SafeTensorsFile.read(Self.labCheckpoint)
        let roundTrip = try SafeTensorsFile.read(URL(fileURLWithPath: back))
        assertSameTensors(roundTrip, original)
        for key in ["n_layers", "n_heads", "dim", "hidden_dim", "vocab_size", "context"] {
            XCTAssertEqual(roundTrip.metadata[key], original.metadata[key], key)
        }
        XCTAssertEqual(Double(roundTrip.metadata["rope_scaling_factor"] ?? ""), Double(original.metadata["rope_scaling_factor"] ?? ""))
        XCTAssertEqual(Double(roundTrip.metadata["rope_theta"] ?? ""), Double(original.metadata["rope_theta"] ?? ""))
    }

    func testShapesLabCannotRunAreRefusedByNameAndLeaveNothing() throws {
        let ws = try RunTestWorkspace()
        let reference = try Value.parseJSON(String(contentsOf: Self.hfReference.appendingPathComponent("config.json"), encoding: .utf8))
        let cases: [(String, Value, String)] = [
            ("num_key_value_heads", .int(2), "grouped-query attention (num_key_value_heads 2 ≠ num_attention_heads 4) is not supported"),
            ("attention_bias", .bool(true), "attention_bias is true; lab's Llama has no biases"),
            ("rope_scaling", .object(["rope_type": .string("yarn"), "factor": .double(4)]), "rope_scaling type 'yarn' is not supported"),
        ]
        for (field, value, message) in cases {
            let folder = ws.root.appendingPathComponent("hf-\(field)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Self.hfReference.appendingPathComponent("model.safetensors"),
                                             to: folder.appendingPathComponent("model.safetensors"))
            var config = try XCTUnwrap(reference.objectValue)
            config[field] = value
            try Value.object(config).prettyJSON.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
            let out = folder.appendingPathComponent("out.safetensors").path
            let result = ws.lab("import-model", folder.path, "-o", out)
            XCTAssertEqual(result.code, 1, field)
            XCTAssertTrue(result.err.contains(message), result.err)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        }
        // A bias tensor in the weights.
        var weights = try SafeTensorsFile.read(Self.hfReference.appendingPathComponent("model.safetensors"))
        weights.tensors["model.layers.0.self_attn.q_proj.bias"] = .init(shape: [32], values: [Float](repeating: 0, count: 32))
        let folder = ws.root.appendingPathComponent("hf-bias")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try weights.encoded(order: weights.tensors.keys.sorted()).write(to: folder.appendingPathComponent("model.safetensors"))
        try FileManager.default.copyItem(at: Self.hfReference.appendingPathComponent("config.json"), to: folder.appendingPathComponent("config.json"))
        let bias = ws.lab("import-model", folder.path, "-o", folder.path + "/out.safetensors")
        XCTAssertEqual(bias.code, 1)
        XCTAssertTrue(bias.err.contains("the weights hold a bias (model.layers.0.self_attn.q_proj.bias)"), bias.err)
    }
}
