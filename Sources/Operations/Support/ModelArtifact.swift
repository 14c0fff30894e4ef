import Foundation
import Engine
import LabCore
import Tasks

/// The output of a `train` step:
/// - `model.safetensors`: the checkpoint (layout in Engine's CHECKPOINTS.md);
/// - `tokenizer.json`: a copy of the tokenizer it was trained with (ours: copied so that a
///   checkpoint is usable on its own; score/evaluate default to it);
/// - `train.json`: a `TrainRecord` (model config, context, optimiser settings, scheme).
enum ModelArtifact {
    static let checkpointFile = "model.safetensors"
    static let recordFile = "train.json"

    /// The checkpoint's model, with `overrides` applied (context extension), computing on
    /// `threads` threads (which never change its numbers).
    static func loadModel(from directory: URL, parameter: String, threads: Int,
                          overrides: ConfigOverrides = ConfigOverrides()) throws -> Transformer {
        let url = directory.appendingPathComponent(checkpointFile)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw OperationError.badParameter(parameter, "not the output of a train step (no \(checkpointFile) in \(directory.path))")
        }
        do {
            let model = try Transformer.load(url: url, overrides: overrides)
            model.threads = threads
            return model
        } catch {
            throw OperationError.badParameter(parameter, "cannot load the checkpoint: \(error)")
        }
    }

    static func config(in directory: URL, parameter: String) throws -> TransformerConfig {
        let url = directory.appendingPathComponent(checkpointFile)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw OperationError.badParameter(parameter, "not the output of a train step (no \(checkpointFile) in \(directory.path))")
        }
        do { return try Transformer.config(at: url) } catch {
            throw OperationError.badParameter(parameter, "cannot load the checkpoint: \(error)")
        }
    }

    /// The tokenizer of `tokenizerStep` if given, else the copy beside the checkpoint.
    static func tokenizer(explicit tokenizerStep: URL?, model directory: URL,
                          tokenizerParameter: String, modelParameter: String) throws -> BPETokenizer {
        if let tokenizerStep {
            return try TokenizerArtifact.load(from: tokenizerStep, parameter: tokenizerParameter)
        }
        return try TokenizerArtifact.load(from: directory, parameter: modelParameter)
    }
}

/// `train.json`: what a checkpoint is, for people and for later steps.
struct TrainRecord: Codable {
    var format = "lab-train"
    var version = 1
    var config: TransformerConfig
    var context: Int
    var steps: Int
    var batch: Int
    var options: TrainOptions
    /// The weighting scheme's canonical spec, nil for plain training.
    var scheme: String?
    /// `frozen`, `self` or `scorer`; nil without weights.
    var scorer: String?
    /// True when the loss was on answer tokens only (`answer_only`); nil otherwise.
    var answerOnly: Bool?
    var parameters: Int
    var seed: UInt64
}
