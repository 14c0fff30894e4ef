import LabCore
import Tasks

/// One question of a corpus split, cut into the parts a reader is shown: the context (all the
/// text before the question: for multidoc-qa the documents, ending in "\n"), the question and
/// the gold answer, with the ground truth that the metrics and the retriever's recall use.
struct QAItem {
    /// Index of the example in its split.
    let index: Int
    let context: String
    let question: String
    let gold: String
    /// Bytes of `context` holding the gold answer's value (where the answer can be read), from
    /// the example's long-range span over its answer; nil when the corpus records none.
    let answerSource: Range<Int>?
    /// Which document holds the answer, and how many there are (multidoc-qa).
    let answerDocument: Int?
    let documents: Int?

    /// The question parts of `example`; an example without prompt, question and answer, or
    /// whose prompt does not end with its question, is a bad `parameter`.
    init(_ example: Example, index: Int, parameter: String) throws {
        guard let prompt = example.prompt, let question = example.question, let answer = example.answer else {
            throw OperationError.badParameter(parameter, "example \(index) has no question and answer: use a question task (multidoc-qa, needle)")
        }
        guard prompt.hasSuffix(question) else {
            throw OperationError.badParameter(parameter, "example \(index): its prompt does not end with its question")
        }
        self.index = index
        context = String(prompt.dropLast(question.count))
        self.question = question
        gold = answer
        let contextBytes = context.utf8.count
        answerSource = example.answerRange.flatMap { answer in
            example.longRange.first { $0.start == answer.start && $0.end == answer.end }
                .map { $0.source..<($0.source + answer.count) }
        }.flatMap { $0.upperBound <= contextBytes ? $0 : nil }
        answerDocument = example.answerDocument
        documents = example.documents?.count
    }

    /// The items of a split, in order, at most `limit`.
    static func items(_ examples: [Example], limit: Int?, parameter: String) throws -> [QAItem] {
        try examples.prefix(limit ?? examples.count).enumerated().map { try QAItem($1, index: $0, parameter: parameter) }
    }

    /// The answer document's place among the documents, in fifths: 0, 20, 40, 60 or 80 (% of
    /// the way through the context); nil without documents.
    var positionBucket: Int? {
        guard let answerDocument, let documents, documents > 0 else { return nil }
        return min(4, answerDocument * 5 / documents) * 20
    }
}
