import Foundation
import LabCore

/// Per-sample records (the `records` of a QA step), also written as JSON lines into the
/// step's folder (`samples.jsonl`), so each prompt, output and score can be read from the
/// artifact itself.
enum SampleRecords {
    static let fileName = "samples.jsonl"

    /// One sample: its index, prompt text, output, gold answer and scores, and what else is known.
    static func record(item: QAItem, prompt: QAPrompt, answer: QAReader.Answer, score: AnswerScore) -> Value {
        var fields: [String: Value] = [
            "index": .int(item.index), "prompt": .string(prompt.text), "output": .string(answer.text),
            "gold": .string(item.gold), "em": .double(score.exactMatch), "f1": .double(score.f1),
            "prompt_tokens": .int(prompt.tokens.count), "generated_tokens": .int(answer.tokens),
            "stop": .string(answer.stopReason.rawValue), "cut": .bool(prompt.isCut),
        ]
        if let visible = prompt.answerVisible { fields["answer_visible"] = .bool(visible) }
        if let chunks = prompt.chunksUsed { fields["chunks_used"] = .int(chunks) }
        if let d = item.answerDocument { fields["answer_document"] = .int(d) }
        if let n = item.documents { fields["documents"] = .int(n) }
        return .object(fields)
    }

    static func write(_ records: [Value], to directory: URL) throws {
        let text = records.map { $0.canonicalJSON + "\n" }.joined()
        do { try Data(text.utf8).write(to: directory.appendingPathComponent(fileName), options: .atomic) } catch {
            throw OperationError.failed("cannot write \(fileName): \(error.localizedDescription)")
        }
    }
}
