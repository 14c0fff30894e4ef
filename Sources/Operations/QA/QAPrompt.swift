import Foundation
import LabCore
import Tasks

/// What a reader is shown for one question: `<|bos|>`, a context (whole, cut, or retrieved
/// chunks), then the question. The answer's budget (`max_tokens`) is kept free in the window.
struct QAPrompt {
    /// The prompt after `<|bos|>`, as text.
    let text: String
    /// (P) `<|bos|>` + the text's tokens.
    let tokens: [Int32]
    /// Whether the context was cut to fit (truncated).
    let isCut: Bool
    /// Retrieved chunks that fit (retrieved), nil otherwise.
    let chunksUsed: Int?
    /// Whether the bytes holding the gold answer are in the prompt; nil when unknown.
    let answerVisible: Bool?
}

/// Which context a reader is shown.
enum PromptMode: String, CaseIterable {
    /// The whole context; a prompt that does not fit the window is an error, never cut.
    case full
    /// The last tokens of the context that fit (ours: the end, nearest the question).
    case truncated
    /// The top-ranked chunks that fit, in rank order, shown in context order.
    case retrieved
}

/// Builds prompts that leave `answerBudget` tokens free in a window of `window` tokens.
struct QAPromptBuilder {
    let tokenizer: BPETokenizer
    let window: Int
    let answerBudget: Int

    /// Tokens the prompt may take, `<|bos|>` included.
    var budget: Int { window - answerBudget }

    func tokens(_ text: String) -> [Int32] { [tokenizer.bos] + tokenizer.encode(text) }

    func full(_ item: QAItem) throws -> QAPrompt {
        let text = item.context + item.question
        let ids = tokens(text)
        guard ids.count <= budget else {
            throw OperationError.badParameter("context", "example \(item.index): the full prompt is \(ids.count) tokens; with max_tokens \(answerBudget) it needs a context of \(ids.count + answerBudget), the reader has \(window): raise context, or use prompt: truncated")
        }
        return QAPrompt(text: text, tokens: ids, isCut: false, chunksUsed: nil, answerVisible: item.answerSource.map { _ in true })
    }

    /// Drops context tokens from the front until the prompt fits (the cut falls on a token
    /// boundary, mid-document if need be).
    func truncated(_ item: QAItem) throws -> QAPrompt {
        let context = tokenizer.encodeWithOffsets(item.context)
        let bytes = Array(item.context.utf8)
        let question = tokenizer.encode(item.question).count
        // A first guess from the separate token counts, then one token at a time (a cut can
        // change how the text around it is merged).
        var k = max(0, 1 + context.count + question - budget)
        while true {
            var start = k < context.count ? context.byteStarts[k] : bytes.count
            while start < bytes.count, bytes[start] & 0xC0 == 0x80 { start += 1 }  // never mid-character
            let text = String(decoding: bytes[start...], as: UTF8.self) + item.question
            let ids = tokens(text)
            if ids.count <= budget {
                return QAPrompt(text: text, tokens: ids, isCut: start > 0, chunksUsed: nil,
                                answerVisible: item.answerSource.map { $0.lowerBound >= start })
            }
            guard k < context.count else {
                throw OperationError.badParameter("context", "example \(item.index): the question alone is \(ids.count) tokens; with max_tokens \(answerBudget) it does not fit a context of \(window)")
            }
            k += 1
        }
    }

    /// Adds chunks (byte ranges of the context) in rank order while the prompt fits; stops at
    /// the first that does not. Kept chunks are shown in context order, overlaps merged, apart
    /// from each other by "\n", then "\n" and the question.
    func retrieved(_ item: QAItem, ranked: [Range<Int>]) throws -> QAPrompt {
        let bytes = Array(item.context.utf8)
        var kept: [Range<Int>] = []
        var best = (text: item.question, ids: tokens(item.question))
        guard best.ids.count <= budget else {
            throw OperationError.badParameter("context", "example \(item.index): the question alone is \(best.ids.count) tokens; with max_tokens \(answerBudget) it does not fit a context of \(window)")
        }
        for chunk in ranked {
            guard chunk.lowerBound >= 0, chunk.upperBound <= bytes.count, !chunk.isEmpty else {
                throw OperationError.badParameter("retrieval", "example \(item.index): chunk \(chunk) lies outside its context of \(bytes.count) bytes: not a retrieval of this corpus")
            }
            let candidate = kept + [chunk]
            let text = Self.join(Self.merged(candidate), bytes: bytes) + item.question
            let ids = tokens(text)
            guard ids.count <= budget else {
                if kept.isEmpty {
                    throw OperationError.badParameter("context", "example \(item.index): the best chunk with the question is \(ids.count) tokens; with max_tokens \(answerBudget) it does not fit a context of \(window): lower the retrieval's chunk")
                }
                break
            }
            kept = candidate
            best = (text, ids)
        }
        let visible = item.answerSource.map { source in kept.contains { $0.lowerBound <= source.lowerBound && source.upperBound <= $0.upperBound } }
        return QAPrompt(text: best.text, tokens: best.ids, isCut: false, chunksUsed: kept.count, answerVisible: visible)
    }

    /// Sorted by start, overlapping or touching ranges merged.
    static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// Each span's text without newlines at its ends, each followed by "\n".
    static func join(_ spans: [Range<Int>], bytes: [UInt8]) -> String {
        spans.map { span in
            let text = String(decoding: bytes[span], as: UTF8.self)
            return text.trimmingCharacters(in: CharacterSet(charactersIn: "\n")) + "\n"
        }.joined()
    }
}
