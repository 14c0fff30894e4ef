import Foundation
import Engine
import LabCore
import Tasks

/// `op: qa-eval` — answers a corpus split's questions by greedy generation and scores them
/// against the gold answers (exact match and token F1, SQuAD normalisation).
public struct QAEvalOperation: LabCore.Operation {
    public init() {}

    public let name = "qa-eval"
    public let version = 3  // 3: fused attention kernels (fused multiply-adds, exp rounding) change the floats
    public let summary = "Answer a corpus split's questions by greedy generation; exact match and token F1"
    public let doc = """
        For each question of the split (multidoc-qa, needle): a prompt of <|bos|>, a context and \
        the question; greedy decoding (Engine's generate, KV cache) of at most max_tokens; the \
        answer is the text before the first token holding "." or a newline, or <|eos|> (ours: the \
        generated tasks end every answer with "."), trimmed. Scores: exact match and token F1 \
        against the gold after the SQuAD script's normalisation (lower case, ASCII punctuation \
        and the articles a/an/the removed, whitespace collapsed; both empty: 1). Prompts \
        (`prompt`): `full` — the whole context (a prompt that does not fit context − max_tokens \
        is an error, never cut); `truncated` — the last context tokens that fit (ours: the end, \
        nearest the question; the cut falls on a token boundary); `retrieved` — the chunks a \
        `retrieve` step kept, added best first while they fit, shown in context order with \
        overlaps merged, each followed by a newline (ours; docs/METHODS.md §3). `context` runs the model at \
        another context than it was trained at, with `rope_base` / `rope_scaling` overrides: \
        the untuned-extension baseline. Metrics: `em`, `f1`, `samples`, `empty`, \
        `prompt_tokens`, `cut`, `answer_visible` (the answer's bytes are in the prompt), \
        `chunks_used` (retrieved), series \
        `f1_by_position` / `em_by_position` (by where the answer document sits, in fifths). \
        Records `samples` (also `samples.jsonl` in the step's folder): every sample's prompt, \
        output, gold answer and scores.
        """

    public var params: [ParamSpec] {
        [ParamSpec("data", .step, "a corpus step with questions (multidoc-qa, needle)"),
         ParamSpec("split", .string, default: "eval", "eval | train: the split whose questions are answered"),
         ParamSpec("prompt", .string, default: "full", "full | truncated | retrieved: the context shown before the question"),
         ParamSpec("retrieval", .step, default: .null, "a retrieve step over the same corpus (prompt: retrieved)"),
         ParamSpec("limit", .int, default: .null, range: 1...10_000_000, "answer only the split's first N questions")]
            + ReaderModel.params
    }

    public var usesBLAS: Bool { true }

    public var metrics: [MetricDeclaration] {
        QATally.metrics + [MetricDeclaration("context", .scalar, .neither, "tokens the model read at once (prompt and answer)")]
    }

    public func validate(_ params: [String: Value]) throws {
        let p = ParamReader(params)
        try ReaderModel.validate(p)
        _ = try Self.split(p)
        let mode = try Self.mode(p)
        if mode == .retrieved, !p.isGiven("retrieval") {
            throw p.bad("retrieval", "prompt: retrieved needs a retrieve step: retrieval: ${steps.NAME}")
        }
        if mode != .retrieved, p.isGiven("retrieval") {
            throw p.bad("retrieval", "is read only with prompt: retrieved (prompt is \(mode.rawValue))")
        }
    }

    static func split(_ p: ParamReader) throws -> CorpusArtifact.Split {
        let name = try p.string("split")
        guard let split = CorpusArtifact.Split(rawValue: name) else {
            throw p.bad("split", "must be eval or train, got '\(name)'")
        }
        return split
    }

    static func mode(_ p: ParamReader) throws -> PromptMode {
        let name = try p.string("prompt")
        guard let mode = PromptMode(rawValue: name) else {
            throw p.bad("prompt", "must be one of \(PromptMode.allCases.map(\.rawValue).joined(separator: ", ")), got '\(name)'"
                        + Suggestion.hint(for: name, among: PromptMode.allCases.map(\.rawValue)))
        }
        return mode
    }

    public func run(_ context: OperationContext) throws -> OperationResult {
        try validate(context.params)
        let p = ParamReader(context.params)
        let split = try Self.split(p), mode = try Self.mode(p), maxTokens = try p.int("max_tokens")
        let corpus = try CorpusArtifact.load(split, from: try p.directory("data"), parameter: "data")
        let items = try QAItem.items(corpus.examples, limit: try p.optionalInt("limit"), parameter: "data")
        guard !items.isEmpty else { throw p.bad("data", "the \(split.rawValue) split has no examples") }
        let reader = try ReaderModel(p, threads: context.threads, operation: name)
        let builder = reader.promptBuilder(maxTokens: maxTokens)
        let retrieved = try p.optionalDirectory("retrieval").map {
            try RetrievalArtifact.load(split, from: $0, questions: items.map(\.question), parameter: "retrieval")
        }
        let answering = reader.reader(maxTokens: maxTokens)

        var tally = QATally()
        var records: [Value] = []
        let stats = try reader.model.forEachConcurrently(items.count, threads: reader.workers, work: { model, i in
            if context.isCancelled() { throw OperationError.cancelled }
            let item = items[i]
            let prompt: QAPrompt
            switch mode {
            case .full: prompt = try builder.full(item)
            case .truncated: prompt = try builder.truncated(item)
            case .retrieved:
                guard let retrieved else { throw p.bad("retrieval", "is required with prompt: retrieved") }
                prompt = try builder.retrieved(item, ranked: retrieved[item.index].chunks.map(\.range))
            }
            let answer: QAReader.Answer
            do { answer = try answering.answer(prompt.tokens, model: model) } catch {
                throw OperationError.failed("qa-eval: example \(item.index): \(error)")
            }
            return (prompt, answer, AnswerScore(prediction: answer.text, gold: item.gold))
        }, deliver: { i, done in
            let (prompt, answer, score) = done
            tally.add(score, answer: answer.text, prompt: prompt, item: items[i])
            records.append(SampleRecords.record(item: items[i], prompt: prompt, answer: answer, score: score))
            context.progress(.init("answered \(records.count)/\(items.count)", fraction: Double(records.count) / Double(items.count)))
        })
        context.log(stats.logLine(prompts: items.count))
        try SampleRecords.write(records, to: context.outputDirectory)
        var result = tally.result
        result.scalars["context"] = Double(reader.window)
        result.records["samples"] = records
        return result
    }
}
