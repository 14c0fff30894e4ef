import Foundation
import LabCore

/// The output of a `retrieve` step: `retrieval.json` (settings and counts) and, per corpus
/// split, `train.jsonl` / `eval.jsonl`: one line per question, in the corpus's order, with its
/// top chunks (byte ranges of the question's context, best first) and where the chunk
/// holding the answer ranked.
enum RetrievalArtifact {
    static let headerFile = "retrieval.json"

    struct Header: Codable, Equatable {
        var format = "lab-retrieval"
        var version = 1
        var chunk: Int
        var overlap: Int
        var top: Int
        var train: Int
        var eval: Int
    }

    struct Chunk: Codable, Equatable {
        /// Byte range of the context.
        var start: Int
        var end: Int
        /// −bm25(): higher is better.
        var score: Double
        var range: Range<Int> { start..<end }
    }

    struct Question: Codable, Equatable {
        var question: String
        /// The top chunks, best first (at most `top`; fewer when fewer hold a question word).
        var chunks: [Chunk]
        /// Chunks the context was cut into.
        var total: Int
        /// 1-based rank of the best-ranked chunk holding the answer's bytes; nil when no ranked
        /// chunk holds them or the corpus does not record where the answer is (`judged` false).
        var answerRank: Int?
        var judged: Bool
    }

    static func fileName(_ split: CorpusArtifact.Split) -> String { split.rawValue + ".jsonl" }

    static func save(header: Header, train: [Question], eval: [Question], to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for (split, questions) in [(CorpusArtifact.Split.train, train), (.eval, eval)] {
            var data = Data()
            do {
                for q in questions { data.append(try encoder.encode(q)); data.append(0x0A) }
                try data.write(to: directory.appendingPathComponent(fileName(split)), options: .atomic)
            } catch {
                throw OperationError.failed("retrieve: cannot write \(fileName(split)): \(error)")
            }
        }
        try JSONFile.write(header, to: directory.appendingPathComponent(headerFile))
    }

    /// One split's questions, checked against the questions they are for (`questions`, the
    /// corpus split's, in order): a retrieval of another corpus is a bad `parameter`.
    static func load(_ split: CorpusArtifact.Split, from directory: URL, questions: [String],
                     parameter: String) throws -> [Question] {
        let header = try JSONFile.read(Header.self, from: directory.appendingPathComponent(headerFile),
                                       parameter: parameter, what: "the output of a retrieve step")
        guard header.format == "lab-retrieval", header.version == 1 else {
            throw OperationError.badParameter(parameter, "not the output of a retrieve step (format \(header.format) version \(header.version))")
        }
        let url = directory.appendingPathComponent(fileName(split))
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw OperationError.badParameter(parameter, "cannot read \(url.lastPathComponent): \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        var out: [Question] = []
        for (i, line) in data.split(separator: 0x0A).enumerated() {
            do { out.append(try decoder.decode(Question.self, from: Data(line))) } catch {
                throw OperationError.badParameter(parameter, "\(url.lastPathComponent):\(i + 1) is malformed (\(error))")
            }
        }
        guard out.count >= questions.count else {
            throw OperationError.badParameter(parameter, "it retrieved for \(out.count) \(split.rawValue) questions, the corpus has \(questions.count): not a retrieval of this corpus")
        }
        for (i, question) in questions.enumerated() where out[i].question != question {
            throw OperationError.badParameter(parameter, "\(split.rawValue) question \(i) differs from the corpus's (\"\(out[i].question)\" vs \"\(question)\"): not a retrieval of this corpus")
        }
        return Array(out.prefix(questions.count))
    }
}
