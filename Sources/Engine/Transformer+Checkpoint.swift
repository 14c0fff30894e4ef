import Foundation
import LabCore

extension Transformer {
    /// Metadata keys of the config in a checkpoint header (all values are strings).
    enum MetadataKey {
        static let format = "format"
        static let vocabSize = "vocab_size", layers = "n_layers", heads = "n_heads", dim = "dim"
        static let hidden = "hidden_dim", context = "context", ropeBase = "rope_theta"
        static let ropeScale = "rope_scaling_factor", normEps = "norm_eps"
    }

    static let formatName = "lab-llama-f32-v1"

    /// The config as checkpoint metadata.
    var metadata: [String: String] {
        [
            MetadataKey.format: Transformer.formatName,
            MetadataKey.vocabSize: String(config.vocabSize), MetadataKey.layers: String(config.layers),
            MetadataKey.heads: String(config.heads), MetadataKey.dim: String(config.dim),
            MetadataKey.hidden: String(config.hidden), MetadataKey.context: String(config.context),
            MetadataKey.ropeBase: String(config.ropeBase), MetadataKey.ropeScale: String(config.ropeScale),
            MetadataKey.normEps: String(config.normEps),
        ]
    }

    /// Writes the model as a safetensors file (see CHECKPOINTS.md), atomically: a temporary file
    /// in the same directory, then a rename.
    public func save(to url: URL) throws {
        let buffer = UnsafeBufferPointer(start: parameters.pointer, count: parameters.count)
        let tensors = layout.tensors.map {
            SafeTensors.Tensor(name: $0.name, shape: $0.shape, data: UnsafeBufferPointer(rebasing: buffer[$0.offset..<($0.offset + $0.count)]))
        }
        let data = SafeTensors.encode(tensors, metadata: metadata)
        try Transformer.writeAtomically(data, to: url)
    }

    static func writeAtomically(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        do {
            try data.write(to: temp)
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw EngineError.io(path: url.path, reason: "cannot write checkpoint: \(error.localizedDescription)")
        }
        // rename(2) replaces the destination atomically (Foundation's replaceItemAt does not on Linux).
        if rename(temp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw EngineError.io(path: url.path, reason: "cannot move checkpoint into place: \(reason)")
        }
    }

    /// Loads a checkpoint written by `save(to:)` (or any safetensors file with the same names,
    /// F32 data and the config metadata), applying `overrides` (context, RoPE base/scale).
    /// Every structural problem is an `EngineError.badCheckpoint`.
    public static func load(url: URL, overrides: ConfigOverrides = ConfigOverrides()) throws -> Transformer {
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw EngineError.io(path: url.path, reason: "cannot read checkpoint: \(error.localizedDescription)")
        }
        return try load(data: data, path: url.path, overrides: overrides)
    }

    /// Reads only the config stored in a checkpoint (after checking the header).
    public static func config(at url: URL) throws -> TransformerConfig {
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw EngineError.io(path: url.path, reason: "cannot read checkpoint: \(error.localizedDescription)")
        }
        let file = try SafeTensors.parse(data, path: url.path)
        return try config(from: file, path: url.path)
    }

    /// The stored config, checked, and checked against the file's size before anything is
    /// allocated: a header may claim a model far larger than the file holds.
    static func config(from file: SafeTensors.File, path: String) throws -> TransformerConfig {
        let stored = try config(from: file.metadata, path: path)
        let parameterBytes = ParameterLayout.checkedCount(stored).flatMap { CheckedSize.product($0, 4) }
        let dataBytes = file.bytes.count - file.dataStart
        guard let parameterBytes, parameterBytes <= dataBytes else {
            let needed = parameterBytes.map { "\($0) bytes" } ?? "more bytes than fit in an Int"
            throw EngineError.badCheckpoint(path: path, reason: "the config in the metadata needs \(needed) of parameters but the file holds \(dataBytes) data bytes")
        }
        return stored
    }

    static func load(data: Data, path: String, overrides: ConfigOverrides) throws -> Transformer {
        let file = try SafeTensors.parse(data, path: path)
        let stored = try config(from: file, path: path)
        let config = overrides.applied(to: stored)
        let model = try Transformer(uninitialised: config)
        let expected = model.layout.tensors
        let expectedNames = Set(expected.map(\.name))
        if let unknown = file.entries.keys.sorted().first(where: { !expectedNames.contains($0) }) {
            throw EngineError.badCheckpoint(path: path, reason: "unexpected tensor \(unknown) for this config")
        }
        for t in expected {
            guard let e = file.entries[t.name] else {
                throw EngineError.badCheckpoint(path: path, reason: "missing tensor \(t.name)")
            }
            guard e.shape == t.shape else {
                throw EngineError.badCheckpoint(path: path, reason: "tensor \(t.name) has shape \(e.shape), the config needs \(t.shape)")
            }
            file.copy(t.name, into: model.parameters.pointer + t.offset)
        }
        for i in 0..<model.parameters.count where !model.parameters.pointer[i].isFinite {
            let name = expected.first { ($0.offset..<($0.offset + $0.count)).contains(i) }?.name ?? "?"
            throw EngineError.badCheckpoint(path: path, reason: "tensor \(name) holds a non-finite value")
        }
        return model
    }

    static func config(from metadata: [String: String], path: String) throws -> TransformerConfig {
        func bad(_ reason: String) -> EngineError { .badCheckpoint(path: path, reason: reason) }
        guard metadata[MetadataKey.format] == formatName else {
            throw bad("metadata format is \(metadata[MetadataKey.format].map { "'\($0)'" } ?? "missing"), expected '\(formatName)'")
        }
        func int(_ key: String) throws -> Int {
            guard let s = metadata[key], let v = Int(s) else { throw bad("metadata \(key) is missing or not an integer") }
            return v
        }
        func double(_ key: String) throws -> Double {
            guard let s = metadata[key], let v = Double(s) else { throw bad("metadata \(key) is missing or not a number") }
            return v
        }
        let config = TransformerConfig(
            vocabSize: try int(MetadataKey.vocabSize), layers: try int(MetadataKey.layers), heads: try int(MetadataKey.heads),
            dim: try int(MetadataKey.dim), hidden: try int(MetadataKey.hidden), context: try int(MetadataKey.context),
            ropeBase: try double(MetadataKey.ropeBase), ropeScale: try double(MetadataKey.ropeScale),
            normEps: Float(try double(MetadataKey.normEps)))
        do { try config.validate() } catch { throw bad("stored config is invalid: \(error)") }
        return config
    }
}
