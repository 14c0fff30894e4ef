import Engine
import Foundation
import LabCore

/// `lab import-model HF_DIR -o FILE`: a Hugging Face Llama folder as a lab checkpoint.
enum ImportModelCommand: Command {
    static let name = "import-model"
    static let summary = "convert a Hugging Face Llama folder into a lab checkpoint"
    static let workspaceUse = WorkspaceUse.none
    static let usage = """
    Usage: lab import-model HF_DIR -o FILE [--context N]

    Reads HF_DIR/config.json and HF_DIR/model.safetensors (F32, F16 or BF16; a sharded
    model.safetensors.index.json is read shard by shard) and writes FILE, a lab checkpoint
    (float32, Meta's tensor names, the config in its metadata), checked by loading it as
    'lab run' would. Refused with a message: grouped-query attention (num_key_value_heads ≠
    num_attention_heads), biases, an activation other than silu, RoPE scaling other than
    linear, or a tensor lab has no place for. A tied model gets its embedding as the output
    matrix. To start a recipe from it, make FILE a step's model.safetensors (a shell step
    running this command with the HF files as its inputs) and give that step as a train
    step's init (README, "Models other tools can load").

      -o FILE        the checkpoint to write (written under a temporary name, then renamed)
      --context N    the longest sequence to configure (default: max_position_embeddings)

    """
    static let options: Set<String> = ["o", "context"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.count == 1 else { throw UsageError("lab import-model needs one HF_DIR") }
        guard let output = args.value("o"), !output.isEmpty else { throw UsageError("-o FILE is required") }
        let context = try args.int("context")
        if let context, context < 1 { throw UsageError("--context needs at least 1, not \(context)") }
        let folder = URL(fileURLWithPath: args.positionals[0])
        guard let configData = FileManager.default.contents(atPath: folder.appendingPathComponent("config.json").path) else {
            throw ModelFormatError("\(folder.path)/config.json cannot be read")
        }
        let config = try Value.parseJSON(bytes: [UInt8](configData))
        let weights = try readWeights(folder)
        let checkpoint = try HFLlama.importing(config: config, weights: weights, context: context)
        let layers = Int(checkpoint.metadata["n_layers"] ?? "") ?? 0
        let target = URL(fileURLWithPath: output)
        let order = HFLlama.names(layers: layers).map(\.lab)
        try HFLlama.write(checkpoint.encoded(order: order), to: target)
        do { _ = try Transformer.load(url: target) } catch {
            try? FileManager.default.removeItem(at: target)
            throw ModelFormatError("the converted checkpoint does not load: \(error)")
        }
        env.output.line("wrote \(output): \(layers) layers, dim \(checkpoint.metadata["dim"] ?? "?"), "
                        + "vocabulary \(checkpoint.metadata["vocab_size"] ?? "?"), context \(checkpoint.metadata["context"] ?? "?")")
        return ExitCodes.success
    }

    /// model.safetensors, or every shard the index names.
    static func readWeights(_ folder: URL) throws -> SafeTensorsFile {
        let index = folder.appendingPathComponent("model.safetensors.index.json")
        guard let data = FileManager.default.contents(atPath: index.path) else {
            return try SafeTensorsFile.read(folder.appendingPathComponent("model.safetensors"))
        }
        let map = try Value.parseJSON(bytes: [UInt8](data))["weight_map"].objectValue ?? [:]
        var merged = SafeTensorsFile(tensors: [:], metadata: [:])
        for shard in Set(map.values.compactMap(\.stringValue)).sorted() {
            guard !shard.contains("/") else { throw ModelFormatError("the index names a shard outside the folder: \(shard)") }
            for (name, tensor) in try SafeTensorsFile.read(folder.appendingPathComponent(shard)).tensors { merged.tensors[name] = tensor }
        }
        return merged
    }
}
