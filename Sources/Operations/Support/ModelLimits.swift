import Engine
import LabCore
import Tasks

/// The engine's limits on a model config and the memory budget, phrased in recipe parameter
/// names: used by train (at recipe load when the shape is known, again when it starts with the
/// real vocabulary) and by score / evaluate once the checkpoint's header is read.
enum ModelLimits {
    /// Engine config fields → the train parameter that sets them.
    static let recipeName = ["vocabSize": "tokenizer", "layers": "model.layers", "heads": "model.heads",
                             "dim": "model.dim", "hidden": "model.hidden", "context": "context",
                             "ropeBase": "rope_base", "ropeScale": "rope_scaling", "normEps": "model"]

    /// The vocabulary assumed before the tokenizer exists: the smallest a BPE can have.
    static let smallestVocabulary = BPETokenizer.minimumVocabSize

    /// `context` within 2 ... the engine's maximum, else a bad parameter.
    static func checkContext(_ context: Int, parameter: String = "context") throws {
        let maximum = TransformerConfig.maximumContext
        guard context >= 2, context <= maximum else {
            throw OperationError.badParameter(parameter, "must be in 2...\(maximum) tokens (T² must stay under \(TransformerConfig.maximumTensorElements) elements), got \(context)")
        }
    }

    /// The engine's own checks (tensor sizes, divisibility), errors named as recipe parameters.
    static func validate(_ config: TransformerConfig) throws {
        do { try config.validate() } catch let EngineError.invalidConfig(field, reason) {
            throw OperationError.badParameter(recipeName[field] ?? "model", "\(field) \(reason)")
        }
    }

    /// Refuses training `config` on batches of `batch` rows of `context` tokens that would not
    /// fit in memory. The named parameter: `batch` when one row per micro-batch would fit,
    /// the model's size when its parameters and Adam state alone do not, else `context`.
    static func checkTraining(_ config: TransformerConfig, batch: Int, context: Int, microBatches: Int,
                              threads: Int) throws {
        let estimate = MemoryEstimate.training(config, batch: batch, context: context, microBatches: microBatches,
                                               threads: threads)
        guard estimate.totalBytes > MemoryBudget.machineBytes else { return }
        let oneRow = MemoryEstimate.training(config, batch: 1, context: context, threads: threads)
        let knobs: [String]
        if oneRow.totalBytes <= MemoryBudget.machineBytes {
            knobs = ["batch", "context"]
        } else if estimate.parameterBytes > MemoryBudget.machineBytes / 2 {
            knobs = ["model.dim", "model.layers", "model.hidden"]
        } else {
            knobs = ["context", "batch", "model.heads"]
        }
        let rows = microBatches > 1 ? "batch \(batch) (micro-batches of \(batch / max(1, microBatches)))" : "batch \(batch)"
        try MemoryBudget.check(estimate, .init(operation: "train",
                                               description: "context \(context) with \(rows), \(shape(config))", knobs: knobs))
    }

    /// Refuses inference of models over `rows` rows of `context` tokens at once (score,
    /// evaluate) that would not fit; `parameter` is the step reference holding the checkpoint.
    static func checkInference(_ models: [(config: TransformerConfig, rows: Int, context: Int)], operation: String,
                               parameter: String) throws {
        let estimate = models.map { MemoryEstimate.inference($0.config, rows: $0.rows, context: $0.context) }
            .reduce(MemoryEstimate(), +)
        let described = models.map { "context \($0.context) over \($0.rows) row\($0.rows == 1 ? "" : "s") at once with a \(shape($0.config))" }
        let modelHeavy = estimate.parameterBytes > estimate.attentionBytes + estimate.otherActivationBytes
        try MemoryBudget.check(estimate, .init(operation: operation, description: described.joined(separator: " and "),
                                               knobs: modelHeavy ? [parameter] : ["context", parameter]))
    }

    /// Prompts to decode at once with `threads` threads (each worker holds its own activations
    /// for `context` tokens): the most, up to `threads`, whose activations fit in memory; at
    /// least 1 (`checkInference` refused the step if one does not fit).
    static func inferenceWorkers(_ config: TransformerConfig, context: Int, threads: Int) -> Int {
        let available = MemoryBudget.machineBytes
        return (1...max(1, threads)).last {
            MemoryEstimate.inference(config, rows: $0, context: context).totalBytes <= available
        } ?? 1
    }

    static func shape(_ c: TransformerConfig) -> String {
        "model of \(c.layers) layers, \(c.heads) heads, dim \(c.dim), hidden \(c.hidden), vocabulary \(c.vocabSize)"
    }
}
