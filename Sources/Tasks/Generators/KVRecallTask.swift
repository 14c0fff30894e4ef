/// Key–value facts scattered through filler, then the same sentences again later as queries:
/// the query's value is predictable only from the fact, at least `minDistance` bytes back.
///
/// Sample (length 400, 2 pairs, 1 query, minDistance 200):
/// "the code of kebo is 4821. the brisk blick grinds a frond. ... the code of misu is 0937. ...
///  some snerp blorks quickly. the code of kebo is 4821. a kroth ..."
/// The query sentence is identical to the fact: nothing local says whether a key is new, so a
/// model can only get the value right by looking back.
///
/// Layout: each fact gets a target offset uniform in [0, length − minDistance − 40], its query
/// a target uniform in [fact + minDistance, length − 40]; events are emitted in target order
/// with filler in between, and filler is added before a query until the distance holds.
/// Each queried key is queried once (so the distance is always back to the fact).
public struct KVRecallTask: SeededTaskGenerator {
    public struct Config: Codable, Hashable, Sendable {
        /// Minimum characters per example.
        public var length: Int
        /// Facts per example.
        public var pairs: Int
        /// Queries per example (each about a different key), ≤ pairs.
        public var queries: Int
        /// Minimum bytes from a fact's value to its query's value, ≤ length.
        public var minDistance: Int
        /// Digits per value.
        public var valueDigits: Int
        /// Filler words per open class, 4...32.
        public var wordsPerClass: Int

        public init(length: Int = 2048, pairs: Int = 8, queries: Int = 4, minDistance: Int = 512,
                    valueDigits: Int = 4, wordsPerClass: Int = 32) {
            self.length = length
            self.pairs = pairs
            self.queries = queries
            self.minDistance = minDistance
            self.valueDigits = valueDigits
            self.wordsPerClass = wordsPerClass
        }
    }

    public static let kind = TaskKind.kvRecall
    public let config: Config
    let grammar: FillerGrammar
    /// Room kept at the end of the target length for one fact or query sentence.
    private static let sentenceRoom = 40

    public init(_ config: Config) throws(TaskError) {
        try requireRange(config.length, 1...100_000_000, "length")
        try requireRange(config.pairs, 1...1000, "pairs")
        try requireRange(config.queries, 0...config.pairs, "queries")
        try requireRange(config.valueDigits, 1...12, "valueDigits")
        try requireRange(config.wordsPerClass, 4...32, "wordsPerClass")
        // Close to `length`, the text runs longer than `length` to honour the distance.
        try requireRange(config.minDistance, 0...config.length, "minDistance")
        self.config = config
        grammar = FillerGrammar(wordsPerClass: config.wordsPerClass)
    }

    private enum Event { case fact(Int), query(Int) }

    public func example(index: Int, seed: UInt64) -> Example {
        var rng = stream(index: index, seed: seed)
        var names = NameGenerator()
        let keys = (0..<config.pairs).map { _ in names.next(&rng) }
        let values = (0..<config.pairs).map { _ in randomDigits(config.valueDigits, &rng) }

        // Plan: target offsets for facts and queries (see the type's doc).
        let room = Self.sentenceRoom
        let lastFact = max(0, config.length - config.minDistance - room)
        var events: [(target: Int, order: Int, event: Event)] = []
        var factTargets: [Int] = []
        for k in 0..<config.pairs {
            let target = rng.int(in: 0...lastFact)
            factTargets.append(target)
            events.append((target, events.count, .fact(k)))
        }
        var queried = Array(0..<config.pairs)
        queried.shuffle(using: &rng)
        for k in queried.prefix(config.queries) {
            let earliest = factTargets[k] + config.minDistance
            let target = rng.int(in: earliest...max(earliest, config.length - room))
            events.append((target, events.count, .query(k)))
        }
        events.sort { ($0.target, $0.order) < ($1.target, $1.order) }

        // Emit.
        var builder = TextBuilder()
        var factValueStart = [Int](repeating: -1, count: config.pairs)
        var spans: [LongRangeSpan] = []
        for planned in events {
            while builder.count < planned.target { builder.appendSentence(grammar.sentence(&rng)) }
            switch planned.event {
            case .fact(let k):
                let start = builder.appendSentence(Self.sentence(key: keys[k], value: values[k]))
                factValueStart[k] = start + Self.prefix(key: keys[k]).utf8.count
            case .query(let k):
                let prefixBytes = Self.prefix(key: keys[k]).utf8.count
                // +1: the space appendSentence puts before the query.
                while builder.count + 1 + prefixBytes - factValueStart[k] < config.minDistance {
                    builder.appendSentence(grammar.sentence(&rng))
                }
                let start = builder.appendSentence(Self.sentence(key: keys[k], value: values[k]))
                let valueStart = start + prefixBytes
                spans.append(LongRangeSpan(start: valueStart, end: valueStart + values[k].utf8.count,
                                           source: factValueStart[k]))
            }
        }
        while builder.count < config.length { builder.appendSentence(grammar.sentence(&rng)) }
        return Example(text: builder.text, longRange: spans)
    }

    static func prefix(key: String) -> String { "the code of \(key) is " }
    static func sentence(key: String, value: String) -> String { prefix(key: key) + value + "." }
}
