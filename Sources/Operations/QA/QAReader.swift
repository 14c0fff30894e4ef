import Foundation
import Engine
import LabCore
import Tasks

/// Greedy answers from a model (Engine's `generate`, KV cache): the answer is the text
/// generated before the first token that holds a period or a newline, or `<|eos|>`/`<|bos|>`
/// (ours: the generated tasks end every answer with "."), at most `maxTokens` tokens,
/// whitespace trimmed at both ends.
struct QAReader {
    let model: Transformer
    let tokenizer: BPETokenizer
    let maxTokens: Int
    let stop: Set<Int32>

    init(model: Transformer, tokenizer: BPETokenizer, maxTokens: Int) {
        self.model = model
        self.tokenizer = tokenizer
        self.maxTokens = maxTokens
        stop = Self.stopTokens(tokenizer)
    }

    /// The special tokens and every token whose text holds "." or "\n".
    static func stopTokens(_ tokenizer: BPETokenizer) -> Set<Int32> {
        var stop: Set<Int32> = [tokenizer.bos, tokenizer.eos]
        for id in 0..<Int32(tokenizer.vocabSize) where !tokenizer.isSpecial(id) {
            if let text = tokenizer.tokenText(id), text.contains(".") || text.contains("\n") { stop.insert(id) }
        }
        return stop
    }

    struct Answer {
        let text: String
        /// Tokens generated before the stop.
        let tokens: Int
        let stopReason: StopReason
    }

    /// The answer to `prompt` (`<|bos|>` + tokens, within the model's context).
    func answer(_ prompt: [Int32]) throws -> Answer { try answer(prompt, model: model) }

    /// The same, decoded by `model`: this reader's model or a worker sharing its weights (see
    /// `Transformer.forEachConcurrently`).
    func answer(_ prompt: [Int32], model: Transformer) throws -> Answer {
        let generation = try model.generate(prompt: prompt, maxTokens: maxTokens, stop: stop)
        let text = tokenizer.decode(generation.tokens, skipSpecial: true).trimmingCharacters(in: .whitespacesAndNewlines)
        return Answer(text: text, tokens: generation.tokens.count, stopReason: generation.stopReason)
    }
}
