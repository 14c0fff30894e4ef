import LabCore

/// Chunks a question's context and ranks the chunks for it (ChunkIndex), keeping the top M.
final class Retriever {
    let chunker: ContextChunker
    let top: Int
    private let index: ChunkIndex

    init(chunker: ContextChunker, top: Int) throws {
        self.chunker = chunker
        self.top = top
        index = try ChunkIndex()
    }

    func retrieve(_ item: QAItem) throws -> RetrievalArtifact.Question {
        let bytes = Array(item.context.utf8)
        let chunks = chunker.chunks(item.context)
        try index.replace(with: chunks.map { String(decoding: bytes[$0], as: UTF8.self) })
        let ranked = try index.rank(item.question)
        var answerRank: Int?
        if let source = item.answerSource {
            answerRank = ranked.firstIndex { chunks[$0.chunk].lowerBound <= source.lowerBound && source.upperBound <= chunks[$0.chunk].upperBound }
                .map { $0 + 1 }
        }
        let kept = ranked.prefix(top).map { RetrievalArtifact.Chunk(start: chunks[$0.chunk].lowerBound, end: chunks[$0.chunk].upperBound, score: $0.score) }
        return .init(question: item.question, chunks: kept, total: chunks.count, answerRank: answerRank, judged: item.answerSource != nil)
    }
}

/// recall@M, recall@1, MRR over the questions where the answer's place is known, and the
/// mean chunk count over all.
struct RetrievalRecall {
    let scalars: [String: Double]

    init(_ questions: [RetrievalArtifact.Question], top: Int) {
        let judged = questions.filter(\.judged)
        var s: [String: Double] = ["questions": Double(questions.count)]
        if !questions.isEmpty { s["chunks"] = Double(questions.reduce(0) { $0 + $1.total }) / Double(questions.count) }
        if !judged.isEmpty {
            let n = Double(judged.count)
            s["recall"] = Double(judged.filter { ($0.answerRank ?? .max) <= top }.count) / n
            s["recall_at_1"] = Double(judged.filter { $0.answerRank == 1 }.count) / n
            s["mrr"] = judged.reduce(0.0) { $0 + ($1.answerRank.map { 1 / Double($0) } ?? 0) } / n
        }
        scalars = s
    }
}
