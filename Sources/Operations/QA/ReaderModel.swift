import Foundation
import Engine
import LabCore
import Tasks

/// The model a QA step reads with (qa-eval, synthesise): a checkpoint, optionally run at a
/// context other than its trained one with RoPE overrides (the "untuned extension" baseline),
/// and its tokenizer.
struct ReaderModel {
    let model: Transformer
    let tokenizer: BPETokenizer
    /// Tokens the model reads at once: prompt and answer together.
    let window: Int
    /// The checkpoint's trained context, before any override.
    let trainedContext: Int
    /// Prompts answered at once: the step's threads, as many as fit in memory.
    let workers: Int

    /// The parameters every reader takes.
    static let params: [ParamSpec] = [
        ParamSpec("model", .step, "a train step: the reader"),
        ParamSpec("tokenizer", .step, default: .null, "a tokenizer step (default: the model's copy)"),
        ParamSpec("context", .int, default: .null, range: 2...32767,
                  "tokens the model reads, prompt and answer together (default: its trained context; larger runs it beyond it)"),
        ParamSpec("rope_base", .double, default: .null, range: 1.0001...1e9, "RoPE base θ for this reading (default: the checkpoint's)"),
        ParamSpec("rope_scaling", .double, default: .null, range: 0.001...1e6, "RoPE linear position scaling for this reading (default: the checkpoint's)"),
        ParamSpec("max_tokens", .int, default: 10, range: 1...1024, "answer tokens generated at most"),
    ]

    static func validate(_ p: ParamReader) throws {
        if let context = try p.optionalInt("context") { try ModelLimits.checkContext(context) }
        if let base = try p.optionalDouble("rope_base") { try p.require(base > 1, "rope_base", "must be > 1, got \(base)") }
        if let scale = try p.optionalDouble("rope_scaling") { try p.require(scale > 0, "rope_scaling", "must be > 0, got \(scale)") }
        let maxTokens = try p.int("max_tokens")
        try p.require(maxTokens >= 1, "max_tokens", "must be at least 1, got \(maxTokens)")
        if let context = try p.optionalInt("context") {
            try p.require(maxTokens < context, "max_tokens", "must leave room for a prompt in context \(context), got \(maxTokens)")
        }
    }

    /// Loads the checkpoint with the overrides, after checking the memory it needs.
    init(_ p: ParamReader, threads: Int, operation: String) throws {
        try Self.validate(p)
        let url = try p.directory("model")
        tokenizer = try ModelArtifact.tokenizer(explicit: try p.optionalDirectory("tokenizer"), model: url,
                                                tokenizerParameter: "tokenizer", modelParameter: "model")
        let stored = try ModelArtifact.config(in: url, parameter: "model")
        trainedContext = stored.context
        let overrides = ConfigOverrides(context: try p.optionalInt("context"), ropeBase: try p.optionalDouble("rope_base"),
                                        ropeScale: try p.optionalDouble("rope_scaling"))
        let config = overrides.applied(to: stored)
        try ModelLimits.validate(config)
        try ModelLimits.checkInference([(config, 1, config.context)], operation: operation, parameter: "model")
        model = try ModelArtifact.loadModel(from: url, parameter: "model", threads: threads, overrides: overrides)
        guard model.config.vocabSize == tokenizer.vocabSize else {
            throw OperationError.badParameter("tokenizer", "has \(tokenizer.vocabSize) tokens, the model \(model.config.vocabSize)")
        }
        window = model.config.context
        workers = ModelLimits.inferenceWorkers(model.config, context: window, threads: threads)
        let maxTokens = try p.int("max_tokens")
        guard maxTokens < window else {
            throw OperationError.badParameter("max_tokens", "must leave room for a prompt in the model's context \(window), got \(maxTokens)")
        }
    }

    func reader(maxTokens: Int) -> QAReader { QAReader(model: model, tokenizer: tokenizer, maxTokens: maxTokens) }

    func promptBuilder(maxTokens: Int) -> QAPromptBuilder {
        QAPromptBuilder(tokenizer: tokenizer, window: window, answerBudget: maxTokens)
    }
}
