import Foundation
import LabCore
import Tasks

/// `op: synthesise` — ACER's data step (docs/METHODS.md §3): a short-context model answers
/// each training question from its retrieved chunks, and its answers become the targets of a
/// new corpus whose rows hold the full context.
public struct SynthesiseOperation: LabCore.Operation {
    public init() {}

    public let name = "synthesise"
    public let version = 2  // 2: fused attention kernels (fused multiply-adds, exp rounding) change the floats
    public let summary = "Answer the train questions from retrieved chunks; the answers become a corpus over the full contexts"
    public let doc = """
        ACER's synthesis (docs/METHODS.md §3). For each question of the corpus's train split, \
        the reader (`model`, usually the short-context model) answers from the chunks a \
        `retrieve` step kept, exactly as qa-eval's `prompt: retrieved` (best first while they fit \
        its context, shown in context order; greedy, up to the first "." or newline token). \
        Each answer becomes an example of a new corpus: the source example's full prompt (the \
        whole long context and the question), " ", the generated answer and "." — no gold label \
        is used. Writes `train/` (the synthetic examples) and `eval/` (the source's eval split, \
        unchanged, with its gold answers), in the corpus format, so `train` reads it (with \
        `answer_only: true` for ACER's loss). Filter, ours: `drop_empty` drops questions whose \
        answer is empty (nothing to learn from); no other filter. The synthetic answers are \
        scored against the gold ones only to report agreement, never to choose or change \
        them: `agreement.em`, `agreement.f1` (over every question, before the filter), `kept`, \
        `dropped_empty`, `samples`, `answer_visible`, `chunks_used`, `prompt_tokens`. Records \
        `samples` (and `samples.jsonl`): each prompt, synthetic answer, gold answer, \
        agreement and whether it was kept.
        """

    public var params: [ParamSpec] {
        [ParamSpec("data", .step, "a corpus step with questions: its train split is answered"),
         ParamSpec("retrieval", .step, "a retrieve step over the same corpus"),
         ParamSpec("drop_empty", .bool, default: true, "leave out questions whose generated answer is empty (ours)"),
         ParamSpec("limit", .int, default: .null, range: 1...10_000_000, "synthesise only for the first N train questions")]
            + ReaderModel.params
    }

    public var usesBLAS: Bool { true }

    public var metrics: [MetricDeclaration] {
        [
            MetricDeclaration("agreement.em", .scalar, .higherIsBetter, "share of synthetic answers that match the gold exactly (SQuAD normalisation)"),
            MetricDeclaration("agreement.f1", .scalar, .higherIsBetter, "token F1 of the synthetic answers against the gold, mean"),
            MetricDeclaration("kept", .scalar, .neither, "synthetic examples written (after the filter)"),
            MetricDeclaration("dropped_empty", .scalar, .neither, "questions left out for an empty answer"),
        ] + QATally.metrics.filter { !["em", "f1", "cut"].contains($0.name) }
    }

    public func validate(_ params: [String: Value]) throws {
        let p = ParamReader(params)
        try ReaderModel.validate(p)
        _ = try p.bool("drop_empty")
    }

    public func run(_ context: OperationContext) throws -> OperationResult {
        try validate(context.params)
        let p = ParamReader(context.params)
        let maxTokens = try p.int("max_tokens"), dropEmpty = try p.bool("drop_empty")
        let dataURL = try p.directory("data")
        let train = try CorpusArtifact.load(.train, from: dataURL, parameter: "data")
        let eval = try CorpusArtifact.load(.eval, from: dataURL, parameter: "data")
        let items = try QAItem.items(train.examples, limit: try p.optionalInt("limit"), parameter: "data")
        let retrieved = try RetrievalArtifact.load(.train, from: try p.directory("retrieval"), questions: items.map(\.question),
                                                   parameter: "retrieval")
        let reader = try ReaderModel(p, threads: context.threads, operation: name)
        let builder = reader.promptBuilder(maxTokens: maxTokens)
        let answering = reader.reader(maxTokens: maxTokens)

        var tally = QATally()
        var records: [Value] = []
        var synthetic: [Example] = []
        var dropped = 0
        let stats = try reader.model.forEachConcurrently(items.count, threads: reader.workers, work: { model, i in
            if context.isCancelled() { throw OperationError.cancelled }
            let item = items[i]
            let prompt = try builder.retrieved(item, ranked: retrieved[item.index].chunks.map(\.range))
            let answer: QAReader.Answer
            do { answer = try answering.answer(prompt.tokens, model: model) } catch {
                throw OperationError.failed("synthesise: example \(item.index): \(error)")
            }
            return (prompt, answer, AnswerScore(prediction: answer.text, gold: item.gold))
        }, deliver: { i, done in
            let (prompt, answer, score) = done
            let item = items[i]
            tally.add(score, answer: answer.text, prompt: prompt, item: item)
            let keep = !(dropEmpty && answer.text.isEmpty)
            if keep, let example = SyntheticExample.make(from: train.examples[item.index], answer: answer.text) {
                synthetic.append(example)
            } else {
                dropped += 1
            }
            guard case .object(var fields) = SampleRecords.record(item: item, prompt: prompt, answer: answer, score: score) else { return }
            fields["kept"] = .bool(keep)
            records.append(.object(fields))
            context.progress(.init("synthesised \(records.count)/\(items.count)", fraction: Double(records.count) / Double(items.count)))
        })
        context.log(stats.logLine(prompts: items.count))
        guard !synthetic.isEmpty else {
            throw OperationError.failed("synthesise: every one of the \(items.count) generated answers was empty: nothing to train on (drop_empty: false keeps them)")
        }
        try CorpusArtifact.save(train: Corpus(spec: train.spec, seed: train.seed, examples: synthetic), eval: eval,
                                to: context.outputDirectory)
        try SampleRecords.write(records, to: context.outputDirectory)
        var result = tally.result
        result.scalars["agreement.em"] = result.scalars.removeValue(forKey: "em")
        result.scalars["agreement.f1"] = result.scalars.removeValue(forKey: "f1")
        result.scalars["cut"] = nil
        result.scalars["kept"] = Double(synthetic.count)
        result.scalars["dropped_empty"] = Double(dropped)
        result.records["samples"] = records
        return result
    }
}
