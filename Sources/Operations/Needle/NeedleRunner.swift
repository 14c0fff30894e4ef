import Foundation
import Engine
import LabCore
import Tasks

/// A model's greedy answer to one needle prompt, scored.
struct NeedleAnswer {
    let generation: Generation
    /// The generated text up to the first stop string, trimmed of surrounding whitespace.
    let output: String
    /// ROUGE-1 recall × 100 of `output` against the needle's answer.
    let score: Double
}

/// The model, tokenizer and stopping rule of a needle step.
final class NeedleRunner {
    let model: Transformer
    let tokenizer: BPETokenizer
    let maxTokens: Int
    let stopStrings: [String]
    /// Every token whose text holds a stop string, and both special tokens (<|eos|> ends a
    /// training row; <|bos|> starts the next).
    let stopTokens: Set<Int32>
    /// Prompts decoded at once: the step's threads, as many as fit in memory.
    let workers: Int

    /// Loads the model with the settings' overrides, after checking that the longest length fits
    /// its (overridden) context and the machine's memory.
    init(_ settings: NeedleSettings, operation: String, threads: Int) throws {
        guard let modelURL = settings.model else { throw OperationError.failed("\(operation): model is required") }
        tokenizer = try ModelArtifact.tokenizer(explicit: settings.tokenizer, model: modelURL,
                                                tokenizerParameter: "tokenizer", modelParameter: "model")
        let stored = try ModelArtifact.config(in: modelURL, parameter: "model")
        let config = settings.overrides.applied(to: stored)
        try ModelLimits.validate(config)
        let longest = settings.lengths.max() ?? 0
        guard longest <= config.context else {
            throw OperationError.badParameter("lengths", "length \(longest) exceeds the model's context \(config.context); give `context: \(longest)` (and rope_base or rope_scaling) to run beyond the trained context")
        }
        try ModelLimits.checkInference([(config, 1, longest)], operation: operation, parameter: "model")
        model = try ModelArtifact.loadModel(from: modelURL, parameter: "model", threads: threads, overrides: settings.overrides)
        guard model.config.vocabSize == tokenizer.vocabSize else {
            throw OperationError.badParameter("tokenizer", "has \(tokenizer.vocabSize) tokens, the model \(model.config.vocabSize)")
        }
        workers = ModelLimits.inferenceWorkers(model.config, context: longest, threads: threads)
        maxTokens = settings.maxTokens
        stopStrings = settings.stop
        var stops: Set<Int32> = [tokenizer.bos, tokenizer.eos]
        for id in 0..<Int32(tokenizer.vocabSize) where !tokenizer.isSpecial(id) {
            let text = tokenizer.tokenText(id) ?? ""
            if settings.stop.contains(where: { text.contains($0) }) { stops.insert(id) }
        }
        stopTokens = stops
    }

    /// The answer to `sample`, decoded by `model` (this runner's model or a worker sharing its
    /// weights: see `NeedleGrid.forEachSample`).
    func answer(_ sample: NeedleSample, mask: HeadMask?, readout: AttentionReadout, model: Transformer) throws -> NeedleAnswer {
        let generation: Generation
        do {
            generation = try model.generate(prompt: sample.tokens, maxTokens: maxTokens, stop: stopTokens,
                                            headMask: mask, readout: readout)
        } catch {
            throw OperationError.failed("decoding sample \(sample.index) at length \(sample.length), depth \(sample.depth)%: \(error)")
        }
        let output = self.output(generation)
        return NeedleAnswer(generation: generation, output: output,
                            score: RougeOne.recall(reference: sample.answer, candidate: output))
    }

    /// The produced tokens' text (special tokens left out), cut at the first stop string.
    func output(_ g: Generation) -> String {
        var text = tokenizer.decode(g.producedTokens, skipSpecial: true)
        for stop in stopStrings {
            if let range = text.range(of: stop) { text = String(text[..<range.lowerBound]) }
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
