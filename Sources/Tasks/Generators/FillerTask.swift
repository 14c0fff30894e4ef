/// Plain filler text from `FillerGrammar`: sentences with local structure only.
/// Sample: "the brisk blick grinds a frond. some snerp blorks quickly. near the plome, a kroth ..."
public struct FillerTask: SeededTaskGenerator {
    public struct Config: Codable, Hashable, Sendable {
        /// Minimum characters per example.
        public var length: Int
        /// Words per open class (nouns, adjectives, verbs), 4...32: fewer is easier.
        public var wordsPerClass: Int

        public init(length: Int = 2048, wordsPerClass: Int = 32) {
            self.length = length
            self.wordsPerClass = wordsPerClass
        }
    }

    public static let kind = TaskKind.filler
    public let config: Config
    let grammar: FillerGrammar

    public init(_ config: Config) throws(TaskError) {
        try requireRange(config.length, 1...100_000_000, "length")
        try requireRange(config.wordsPerClass, 4...32, "wordsPerClass")
        self.config = config
        grammar = FillerGrammar(wordsPerClass: config.wordsPerClass)
    }

    public func example(index: Int, seed: UInt64) -> Example {
        var rng = stream(index: index, seed: seed)
        var builder = TextBuilder()
        while builder.count < config.length { builder.appendSentence(grammar.sentence(&rng)) }
        return Example(text: builder.text)
    }
}
