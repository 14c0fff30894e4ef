import Foundation
import LabCore
import Tasks

/// `op: retrieve` — cuts each question's context into chunks and ranks them for the question
/// with BM25 (SQLite FTS5's `bm25()`), keeping the top M (docs/METHODS.md §3).
public struct RetrieveOperation: LabCore.Operation {
    public init() {}

    public let name = "retrieve"
    public let version = 1
    public let summary = "Rank each question's context chunks with BM25 (SQLite FTS5) and keep the top M"
    public var doc: String { Self.method + " " + ChunkIndex.availability }

    static let method = """
        For both splits of a question corpus (multidoc-qa, needle): the context (the text \
        before the question) is cut into chunks of `chunk` tokens, each starting chunk − \
        overlap tokens after the previous, the last ending at the context's end; the chunks are \
        ranked for the question by BM25 as SQLite's FTS5 computes it (`bm25()`, k1 1.2, b 0.75) \
        in an in-memory database — not BM25 written by hand; Debian's libsqlite3 is built with \
        FTS5 and the step checks it. Ours: every context is its own collection (IDF over its \
        chunks); FTS5 tokenizer `porter unicode61`; the query is the question's distinct words \
        joined by OR, no stop words; ties go to the earlier chunk; chunks holding no question \
        word are never kept. Writes `retrieval.json`, `train.jsonl`, `eval.jsonl` (per \
        question: the top chunks as byte ranges of its context with −bm25 scores). Metrics on \
        the eval split (and `train.` on the train split): `recall` — recall@M, the share of \
        questions whose top M hold a chunk with the whole gold answer's bytes (where the corpus \
        records them), `recall_at_1`, `mrr` (mean reciprocal rank of the first such chunk, 0 \
        when none ranks), `chunks` (chunks per context, mean), `questions`. Records `retrieval`: \
        each eval question's top chunks, their texts and whether each holds the answer.
        """

    public var params: [ParamSpec] {
        [
            ParamSpec("data", .step, "a corpus step with questions (multidoc-qa, needle)"),
            ParamSpec("tokenizer", .step, "a tokenizer step: chunk sizes are in its tokens"),
            ParamSpec("chunk", .int, default: 32, range: 2...100_000, "tokens per chunk"),
            ParamSpec("overlap", .int, default: 8, range: 0...99_999, "tokens a chunk shares with the previous one (< chunk)"),
            ParamSpec("top", .int, default: 3, range: 1...10_000, "chunks kept per question (M of recall@M)"),
        ]
    }

    public var metrics: [MetricDeclaration] {
        var list: [MetricDeclaration] = []
        for prefix in ["", "train."] {
            let split = prefix.isEmpty ? "eval" : "train"
            list += [
                MetricDeclaration(prefix + "recall", .scalar, .higherIsBetter, "recall@M on the \(split) split: share of questions whose top M chunks hold the answer's bytes"),
                MetricDeclaration(prefix + "recall_at_1", .scalar, .higherIsBetter, "share of \(split) questions whose best chunk holds the answer's bytes"),
                MetricDeclaration(prefix + "mrr", .scalar, .higherIsBetter, "mean reciprocal rank of the first chunk holding the answer (\(split); 0 when none ranks)"),
                MetricDeclaration(prefix + "chunks", .scalar, .neither, "chunks per context, mean (\(split))"),
                MetricDeclaration(prefix + "questions", .scalar, .neither, "questions retrieved for (\(split))"),
            ]
        }
        return list
    }

    public func validate(_ params: [String: Value]) throws {
        let p = ParamReader(params)
        let chunk = try p.int("chunk"), overlap = try p.int("overlap"), top = try p.int("top")
        try p.require(chunk >= 2, "chunk", "must be at least 2 tokens, got \(chunk)")
        try p.require(overlap >= 0 && overlap < chunk, "overlap", "must be in 0...chunk − 1 (\(chunk - 1)), got \(overlap)")
        try p.require(top >= 1, "top", "must be at least 1, got \(top)")
    }

    public func run(_ context: OperationContext) throws -> OperationResult {
        try validate(context.params)
        let p = ParamReader(context.params)
        let chunk = try p.int("chunk"), overlap = try p.int("overlap"), top = try p.int("top")
        let tokenizer = try TokenizerArtifact.load(from: try p.directory("tokenizer"), parameter: "tokenizer")
        let dataURL = try p.directory("data")
        let retriever = try Retriever(chunker: ContextChunker(tokenizer: tokenizer, size: chunk, overlap: overlap), top: top)

        var result = OperationResult()
        var splits: [CorpusArtifact.Split: [RetrievalArtifact.Question]] = [:]
        for split in [CorpusArtifact.Split.eval, .train] {
            let corpus = try CorpusArtifact.load(split, from: dataURL, parameter: "data")
            let items = try QAItem.items(corpus.examples, limit: nil, parameter: "data")
            var questions: [RetrievalArtifact.Question] = []
            var records: [Value] = []
            for item in items {
                if context.isCancelled() { throw OperationError.cancelled }
                let retrieved = try retriever.retrieve(item)
                questions.append(retrieved)
                if split == .eval { records.append(Self.record(item, retrieved)) }
                context.progress(.init("\(split.rawValue): \(questions.count)/\(items.count) questions",
                                       fraction: Double(questions.count) / Double(max(1, items.count))))
            }
            let prefix = split == .eval ? "" : "train."
            for (name, value) in RetrievalRecall(questions, top: top).scalars { result.scalars[prefix + name] = value }
            if split == .eval { result.records["retrieval"] = records }
            splits[split] = questions
        }
        let train = splits[.train] ?? [], eval = splits[.eval] ?? []
        try RetrievalArtifact.save(header: .init(chunk: chunk, overlap: overlap, top: top, train: train.count, eval: eval.count),
                                   train: train, eval: eval, to: context.outputDirectory)
        return result
    }

    static func record(_ item: QAItem, _ q: RetrievalArtifact.Question) -> Value {
        let bytes = Array(item.context.utf8)
        let chunks: [Value] = q.chunks.map { chunk in
            .object(["text": .string(String(decoding: bytes[chunk.range], as: UTF8.self)), "score": .double(chunk.score),
                     "holds_answer": item.answerSource.map { .bool(chunk.range.contains($0.lowerBound) && $0.upperBound <= chunk.end) } ?? .null])
        }
        return .object(["index": .int(item.index), "question": .string(q.question), "gold": .string(item.gold),
                        "top": .array(chunks), "answer_rank": q.answerRank.map(Value.int) ?? .null, "chunks": .int(q.total)])
    }
}
