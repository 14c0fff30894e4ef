import LabCore
/// Needle in a haystack: filler, one needle sentence at a chosen depth (backed off to the
/// previous sentence boundary), and a question at the end.
///
/// Sample (depth 0.5): "the brisk blick grinds a frond. ... the magic number of kebo is 73921.
/// some snerp blorks quickly. ...\nwhat is the magic number of kebo? 73921."
/// `prompt` ends with the question mark; `answer` is "73921"; `needleRange` covers the needle
/// sentence; the answer's digits in the text are the long-range span, its source the needle's
/// digits.
public struct NeedleTask: SeededTaskGenerator {
    public struct Config: Codable, Hashable, Sendable {
        /// Minimum characters per example (haystack + needle + question + answer).
        public var length: Int
        /// Depths in [0, 1]; example i uses depths[i % depths.count]. Default: 10 evenly spaced
        /// from 0 to 1 inclusive.
        public var depths: [Double]
        /// Digits of the magic number.
        public var valueDigits: Int
        /// Filler words per open class, 4...32.
        public var wordsPerClass: Int

        public init(length: Int = 2048, depths: [Double] = NeedleTask.evenDepths(10),
                    valueDigits: Int = 5, wordsPerClass: Int = 32) {
            self.length = length
            self.depths = depths
            self.valueDigits = valueDigits
            self.wordsPerClass = wordsPerClass
        }
    }

    public static let kind = TaskKind.needle
    public let config: Config
    let grammar: FillerGrammar

    /// `count` depths evenly spaced over [0, 1], ends included (count 1 → [0.5]).
    public static func evenDepths(_ count: Int) -> [Double] {
        guard count > 1 else { return [0.5] }
        return (0..<count).map { Double($0) / Double(count - 1) }
    }

    public init(_ config: Config) throws(TaskError) {
        try requireRange(config.length, 1...100_000_000, "length")
        try requireRange(config.valueDigits, 1...12, "valueDigits")
        try requireRange(config.wordsPerClass, 4...32, "wordsPerClass")
        guard !config.depths.isEmpty else { throw .invalidConfig(parameter: "depths", reason: "must not be empty") }
        for depth in config.depths where !(0...1).contains(depth) {
            throw .invalidConfig(parameter: "depths", reason: "each depth must be in [0, 1], got \(depth)")
        }
        self.config = config
        grammar = FillerGrammar(wordsPerClass: config.wordsPerClass)
    }

    public func example(index: Int, seed: UInt64) -> Example {
        example(depth: config.depths[index % config.depths.count], length: config.length,
                rng: stream(index: index, seed: seed))
    }

    /// One example at an exact depth and length, for an evaluation grid; `seed` and `index`
    /// pick the haystack, name and number.
    public func example(depth: Double, length: Int, index: Int, seed: UInt64) -> Example {
        example(depth: min(max(depth, 0), 1), length: max(1, length), rng: stream(index: index, seed: seed))
    }

    private func example(depth: Double, length: Int, rng: SeededRandom) -> Example {
        var rng = rng
        var names = NameGenerator()
        let name = names.next(&rng)
        let value = randomDigits(config.valueDigits, &rng)
        let needle = "the magic number of \(name) is \(value)."
        let question = "what is the magic number of \(name)?"
        let tail = 1 + question.utf8.count + 1 + value.utf8.count + 1   // "\n" q " " value "."

        var haystack = TextBuilder()
        while haystack.count + needle.utf8.count + 1 + tail < length {
            haystack.appendSentence(grammar.sentence(&rng))
        }
        // Back off to the last sentence start at or before depth × haystack length; depth 1
        // (or a target past the last sentence start) may put the needle after the last sentence.
        let target = Int((depth * Double(haystack.count)).rounded(.down))
        var boundaries = haystack.sentenceStarts
        boundaries.append(haystack.count)
        let boundary = boundaries.last { $0 <= target } ?? 0

        // A sentence start already follows its separating space; only the end needs one.
        var bytes = Array(haystack.bytes[0..<boundary])
        if let last = bytes.last, last != UInt8(ascii: " ") { bytes.append(UInt8(ascii: " ")) }
        let needleStart = bytes.count
        bytes.append(contentsOf: needle.utf8)
        let needleEnd = bytes.count
        if boundary < haystack.count {
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: haystack.bytes[boundary...])
        }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: question.utf8)
        let prompt = String(decoding: bytes, as: UTF8.self)
        bytes.append(UInt8(ascii: " "))
        let answerStart = bytes.count
        bytes.append(contentsOf: value.utf8)
        let answerEnd = bytes.count
        bytes.append(UInt8(ascii: "."))

        let valueSource = needleEnd - 1 - value.utf8.count
        return Example(text: String(decoding: bytes, as: UTF8.self),
                       longRange: [LongRangeSpan(start: answerStart, end: answerEnd, source: valueSource)],
                       prompt: prompt, answer: value,
                       answerRange: ByteRange(start: answerStart, end: answerEnd), question: question,
                       needleRange: ByteRange(start: needleStart, end: needleEnd), depth: depth)
    }
}
