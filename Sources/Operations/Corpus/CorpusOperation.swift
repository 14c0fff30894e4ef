import Foundation
import LabCore
import Tasks

/// `op: corpus` — generates a task's examples (train and held-out eval splits) with the
/// ground truth of which bytes are long-range, or cuts the user's files into examples.
public struct CorpusOperation: LabCore.Operation {
    public init() {}

    public let name = "corpus"
    public let version = 1
    public let summary = "Generate a corpus (train + eval) with long-range annotations, or read your text files"
    public let doc = """
        Writes `train/` and `eval/`, each a corpus directory (`corpus.json`, `corpus.jsonl`: one \
        example per line with its text and long-range spans, UTF-8 byte offsets). Tasks: kv-recall \
        (key-value facts in filler, queried later), needle, multidoc-qa, filler, text (your files). \
        Filler is a small generated grammar, so most tokens are predictable locally. \
        Our choices: `length` is in tokens and turned into characters with `chars_per_token` \
        (before any tokenizer exists; measured for our tasks with a 512-token BPE, rounded up so \
        that examples fill a row: `train` cuts them to its context); `min_distance` is also in \
        tokens, converted the same way; the eval split comes from a second seed derived from \
        the step's (for `text`: the chunks after the train ones). A corpus whose text alone \
        ((sequences + eval_sequences) × length × chars_per_token bytes) exceeds the machine's \
        memory (or LAB_MEMORY_LIMIT) is refused at recipe load.
        """

    /// Ours: UTF-8 bytes per token of a 512-token BPE on kv-recall (measured 3.6 on the eval
    /// split), rounded up so that nearly every example reaches its token length.
    public static let defaultCharsPerToken = 4.0

    public var params: [ParamSpec] {
        [
            ParamSpec("task", .string, default: "kv-recall", "kv-recall | needle | multidoc-qa | filler | text"),
            ParamSpec("sequences", .int, default: 256, range: 1...10_000_000, "training examples"),
            ParamSpec("eval_sequences", .int, default: 64, range: 0...10_000_000, "held-out examples for evaluate"),
            ParamSpec("length", .int, default: 512, range: 2...1_000_000, "target tokens per example (via chars_per_token)"),
            ParamSpec("chars_per_token", .double, default: .double(Self.defaultCharsPerToken), range: 0.01...64,
                      "characters per token assumed to turn token counts into characters (ours)"),
            ParamSpec("pairs", .int, default: .null, range: 1...1000, "kv-recall: facts per example (task default 8)"),
            ParamSpec("queries", .int, default: .null, range: 0...1000, "kv-recall: queries per example, ≤ pairs (task default 4)"),
            ParamSpec("min_distance", .int, default: .null, range: 0...1_000_000, "kv-recall: tokens from a fact to its query, at least (task default 512 characters)"),
            ParamSpec("value_digits", .int, default: .null, range: 1...12, "kv-recall, needle: digits per value"),
            ParamSpec("words_per_class", .int, default: .null, range: 4...32, "filler vocabulary per word class, 4...32"),
            ParamSpec("depths", .list(.double), default: .null, range: 0...1, "needle: depths in [0, 1], cycled over examples"),
            ParamSpec("documents", .int, default: .null, range: 1...2000, "multidoc-qa: documents per example, at least"),
            ParamSpec("filler_sentences", .int, default: .null, range: 0...50, "multidoc-qa: filler sentences per document, at most"),
            ParamSpec("files", .list(.file), default: .null, "text: your UTF-8 files, cut into examples of `length` tokens"),
        ]
    }

    /// Task knobs passed through to the generator (recipe name → task parameter name).
    static let knobs = ["pairs", "queries", "min_distance", "value_digits", "words_per_class",
                        "depths", "documents", "filler_sentences"]

    public func validate(_ params: [String: Value]) throws {
        _ = try Settings(params)
    }

    public func run(_ context: OperationContext) throws -> OperationResult {
        let settings = try Settings(context.params)
        let total = settings.sequences + settings.evalSequences
        context.progress(.init("generating \(total) \(settings.spec.kind.rawValue) examples", fraction: 0))
        let train: Corpus, eval: Corpus
        do {
            if case .text = settings.spec {
                let all = try settings.spec.generate(count: total, seed: context.seed)
                guard all.count > settings.sequences else {
                    throw OperationError.badParameter("sequences", "the files make \(all.count) examples of \(settings.length) tokens; ask for fewer than that (sequences + eval_sequences = \(total))")
                }
                train = Corpus(spec: settings.spec, seed: context.seed, examples: Array(all.prefix(settings.sequences)))
                eval = Corpus(spec: settings.spec, seed: context.seed, examples: Array(all.dropFirst(settings.sequences)))
            } else {
                train = try Corpus.generate(settings.spec, count: settings.sequences, seed: context.seed)
                eval = try Corpus.generate(settings.spec, count: settings.evalSequences, seed: Self.evalSeed(context.seed))
            }
        } catch let error as TaskError {
            throw OperationError.failed("corpus: \(error)")
        }
        if context.isCancelled() { throw OperationError.cancelled }
        try CorpusArtifact.save(train: train, eval: eval, to: context.outputDirectory)
        let trainChars = train.summary.bytes, evalChars = eval.summary.bytes
        return OperationResult(scalars: [
            "sequences": Double(train.examples.count),
            "eval_sequences": Double(eval.examples.count),
            "chars": Double(trainChars),
            "eval_chars": Double(evalChars),
            "chars_per_sequence": train.examples.isEmpty ? 0 : Double(trainChars) / Double(train.examples.count),
            "long_range_spans": Double(train.summary.longRangeSpans),
            "eval_long_range_spans": Double(eval.summary.longRangeSpans),
        ])
    }

    /// The eval split's seed: a fixed odd constant mixed in, so the splits do not overlap.
    static func evalSeed(_ seed: UInt64) -> UInt64 { seed ^ 0xA5A5_5A5A_C3C3_3C3C }
}
