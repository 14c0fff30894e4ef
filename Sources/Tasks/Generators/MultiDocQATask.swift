import LabCore
/// Many short documents about generated people, one question about one person's attribute.
///
/// Sample document: "kebo lives in ashford. kebo likes the color teal. the brisk blick grinds
/// a frond. kebo was born in 1873." Documents are joined by "\n", then "\n" and the question:
/// "in which city does kebo live?", "which color does kebo like?" or "in which year was kebo
/// born?"; the text ends with " ashford." (the answer and a period). Each person has exactly
/// one document, so the answer document is the only one naming the person; the others are
/// distractors (their cities, colours and years may coincide with the answer — as in real
/// data, only the name identifies the right one).
public struct MultiDocQATask: SeededTaskGenerator {
    public struct Config: Codable, Hashable, Sendable {
        /// Documents per example (at least; see `length`).
        public var documents: Int
        /// If > 0, documents are added until the text has at least this many characters.
        public var length: Int
        /// Up to this many filler sentences mixed into each document (0 = facts only).
        public var fillerSentences: Int
        /// Filler words per open class, 4...32.
        public var wordsPerClass: Int

        public init(documents: Int = 10, length: Int = 0, fillerSentences: Int = 2, wordsPerClass: Int = 32) {
            self.documents = documents
            self.length = length
            self.fillerSentences = fillerSentences
            self.wordsPerClass = wordsPerClass
        }
    }

    public static let kind = TaskKind.multidocQA
    public let config: Config
    let grammar: FillerGrammar

    public init(_ config: Config) throws(TaskError) {
        try requireRange(config.documents, 1...2000, "documents")
        try requireRange(config.length, 0...1_000_000, "length")
        try requireRange(config.fillerSentences, 0...50, "fillerSentences")
        try requireRange(config.wordsPerClass, 4...32, "wordsPerClass")
        self.config = config
        grammar = FillerGrammar(wordsPerClass: config.wordsPerClass)
    }

    /// One document's text and, per attribute, the byte offset of its value inside the document.
    private struct Document {
        var text: String
        var valueOffsets: [Attribute: Int]
        var values: [Attribute: String]
    }

    enum Attribute: CaseIterable {
        case city, color, year

        func sentence(_ name: String) -> (prefix: String, suffix: String) {
            switch self {
            case .city: return ("\(name) lives in ", ".")
            case .color: return ("\(name) likes the color ", ".")
            case .year: return ("\(name) was born in ", ".")
            }
        }

        func question(_ name: String) -> String {
            switch self {
            case .city: return "in which city does \(name) live?"
            case .color: return "which color does \(name) like?"
            case .year: return "in which year was \(name) born?"
            }
        }
    }

    public func example(index: Int, seed: UInt64) -> Example {
        var rng = stream(index: index, seed: seed)
        var names = NameGenerator()
        var people: [String] = []
        var documents: [Document] = []
        var totalBytes = 0
        // The question and answer only add to `totalBytes`, so stopping here keeps text ≥ length.
        let maxDocuments = min(2000, NameGenerator.capacity / 2)
        while documents.count < config.documents
                || (totalBytes < config.length && documents.count < maxDocuments) {
            let name = names.next(&rng)
            let document = makeDocument(name: name, &rng)
            people.append(name)
            totalBytes += document.text.utf8.count + 1
            documents.append(document)
        }

        let answerDocument = rng.below(documents.count)
        let attribute = rng.pick(Attribute.allCases)
        let name = people[answerDocument]
        let answer = documents[answerDocument].values[attribute] ?? ""
        let question = attribute.question(name)

        var builder = TextBuilder()
        var answerSource = 0
        for (i, document) in documents.enumerated() {
            if i > 0 { builder.append("\n") }
            if i == answerDocument { answerSource = builder.count + (document.valueOffsets[attribute] ?? 0) }
            builder.append(document.text)
        }
        builder.append("\n" + question)
        let prompt = builder.text
        builder.append(" ")
        let answerStart = builder.count
        builder.append(answer)
        let answerEnd = builder.count
        builder.append(".")

        return Example(text: builder.text,
                       longRange: [LongRangeSpan(start: answerStart, end: answerEnd, source: answerSource)],
                       prompt: prompt, answer: answer,
                       answerRange: ByteRange(start: answerStart, end: answerEnd), question: question,
                       documents: documents.map(\.text), answerDocument: answerDocument)
    }

    /// The three fact sentences in random order, filler sentences mixed in between.
    private func makeDocument(name: String, _ rng: inout SeededRandom) -> Document {
        let values: [Attribute: String] = [
            .city: rng.pick(Lexicon.cities),
            .color: rng.pick(Lexicon.colors),
            .year: String(rng.int(in: 1500...2020)),
        ]
        var sentences: [(String, Attribute?)] = Attribute.allCases.map { attribute in
            let parts = attribute.sentence(name)
            return (parts.prefix + (values[attribute] ?? "") + parts.suffix, attribute)
        }
        sentences.shuffle(using: &rng)
        let fillerCount = config.fillerSentences == 0 ? 0 : rng.int(in: 0...config.fillerSentences)
        for _ in 0..<fillerCount {
            // Never before the first fact: a document opens with its subject.
            sentences.insert((grammar.sentence(&rng), nil), at: rng.int(in: 1...sentences.count))
        }

        var builder = TextBuilder()
        var offsets: [Attribute: Int] = [:]
        for (sentence, attribute) in sentences {
            let start = builder.appendSentence(sentence)
            if let attribute { offsets[attribute] = start + attribute.sentence(name).prefix.utf8.count }
        }
        return Document(text: builder.text, valueOffsets: offsets, values: values)
    }
}
