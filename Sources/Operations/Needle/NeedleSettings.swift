import Foundation
import Engine
import LabCore

/// The parameters `niah` and `retrieval-heads` share: the model, the grid and decoding.
struct NeedleSettings {
    var lengths: [Int]
    /// Percent, 0...100.
    var depths: [Double]
    var samples: Int
    var maxTokens: Int
    var stop: [String]
    var valueDigits: Int
    var wordsPerClass: Int
    /// Seeds the haystacks, needles and questions instead of the step's seed.
    var sampleSeed: Int?
    var overrides: ConfigOverrides
    /// Step outputs: directories at run time only.
    var model: URL?
    var tokenizer: URL?

    static let defaultDepths: [Double] = [0, 25, 50, 75, 100]

    static var params: [ParamSpec] {
        [
            ParamSpec("model", .step, "a train step: the model to test"),
            ParamSpec("tokenizer", .step, default: .null, "a tokenizer step (default: the model's copy)"),
            ParamSpec("lengths", .list(.int), range: 2...32767, "context lengths in tokens: the prompt with <|bos|> plus max_tokens fit in each"),
            ParamSpec("depths", .list(.double), default: .array(defaultDepths.map(Value.double)), range: 0...100,
                      "needle depths in percent of the haystack (backed off to a sentence start)"),
            ParamSpec("samples", .int, default: 4, range: 1...100_000, "samples per (length, depth) cell"),
            ParamSpec("max_tokens", .int, default: 16, range: 1...4096, "greedy decoding stops after this many tokens"),
            ParamSpec("stop", .list(.string), default: ["\n", "."], "decoding stops at a token whose text holds one of these (and at <|eos|>)"),
            ParamSpec("value_digits", .int, default: 5, range: 1...12, "digits of the needle's magic number (the answer)"),
            ParamSpec("words_per_class", .int, default: 32, range: 4...32, "filler lexicon size per word class (as the corpus the model saw)"),
            ParamSpec("sample_seed", .int, default: .null, range: 0...2_147_483_647, "seeds the samples (default: the step's seed); give one value to test every variant on the same samples"),
            ParamSpec("context", .int, default: .null, range: 2...32767, "run the model at this context (RoPE table extended): to test beyond the trained context"),
            ParamSpec("rope_base", .double, default: .null, range: 1.0001...1e9, "RoPE base θ for the run (default: the checkpoint's)"),
            ParamSpec("rope_scaling", .double, default: .null, range: 0.001...1e6, "RoPE linear position scaling for the run (default: the checkpoint's)"),
        ]
    }

    init(_ params: [String: Value], resolvingSteps: Bool) throws {
        let p = ParamReader(params)
        if resolvingSteps {
            model = try p.directory("model")
            tokenizer = try p.optionalDirectory("tokenizer")
        }
        guard let lengths = try p.intList("lengths"), !lengths.isEmpty else { throw p.bad("lengths", "needs at least one length, e.g. [64, 128]") }
        self.lengths = lengths
        depths = try p.doubleList("depths") ?? Self.defaultDepths
        samples = try p.int("samples")
        maxTokens = try p.int("max_tokens")
        stop = try p.stringList("stop") ?? []
        valueDigits = try p.int("value_digits")
        wordsPerClass = try p.int("words_per_class")
        sampleSeed = try p.optionalInt("sample_seed")
        let context = try p.optionalInt("context")
        overrides = ConfigOverrides(context: context, ropeBase: try p.optionalDouble("rope_base"),
                                    ropeScale: try p.optionalDouble("rope_scaling"))

        try p.require(!depths.isEmpty, "depths", "needs at least one depth, e.g. [0, 50, 100]")
        for (i, depth) in depths.enumerated() {
            try p.require((0...100).contains(depth), "depths[\(i)]", "must be a percent in 0...100, got \(depth)")
        }
        try p.require(Set(depths).count == depths.count, "depths", "lists a depth twice")
        try p.require(Set(lengths).count == lengths.count, "lengths", "lists a length twice")
        for (i, length) in lengths.enumerated() {
            try ModelLimits.checkContext(length, parameter: "lengths[\(i)]")
            try p.require(length > maxTokens, "lengths[\(i)]", "must exceed max_tokens (\(maxTokens)) to leave room for a prompt, got \(length)")
        }
        try p.require(samples >= 1, "samples", "must be at least 1, got \(samples)")
        try p.require(maxTokens >= 1, "max_tokens", "must be at least 1, got \(maxTokens)")
        try p.require((1...12).contains(valueDigits), "value_digits", "must be in 1...12, got \(valueDigits)")
        try p.require((4...32).contains(wordsPerClass), "words_per_class", "must be in 4...32, got \(wordsPerClass)")
        for (i, text) in stop.enumerated() { try p.require(!text.isEmpty, "stop[\(i)]", "must not be empty") }
        if let context { try ModelLimits.checkContext(context) }
        if let base = overrides.ropeBase { try p.require(base > 1, "rope_base", "must be > 1, got \(base)") }
        if let scale = overrides.ropeScale { try p.require(scale > 0, "rope_scaling", "must be > 0, got \(scale)") }
        let cells = CheckedSize.saturatingProduct(lengths.count, depths.count, samples)
        try p.require(cells <= 1_000_000, "samples", "the grid would hold \(cells) samples (lengths × depths × samples); at most 1,000,000")
    }

    /// Depths and lengths in grid order (rows depth, columns length), each with its samples.
    var cells: [(depth: Double, length: Int)] {
        depths.flatMap { depth in lengths.map { (depth, $0) } }
    }

    var sampleCount: Int { lengths.count * depths.count * samples }

    /// The seed the samples come from.
    func samplesSeed(stepSeed: UInt64) -> UInt64 {
        sampleSeed.map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 ^ 0x4E49_4148 } ?? stepSeed
    }
}
