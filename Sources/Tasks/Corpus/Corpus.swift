import Foundation

/// A set of examples with the task and seed that made them.
///
/// On disk, a directory holding `corpus.jsonl` (one `Example` as JSON per line, keys sorted)
/// and `corpus.json` (a `CorpusSummary`). Both are written atomically; the summary last, so a
/// directory with a summary has its examples.
public struct Corpus: Hashable, Sendable {
    public var spec: TaskSpec
    public var seed: UInt64
    public var examples: [Example]

    public init(spec: TaskSpec, seed: UInt64, examples: [Example]) {
        self.spec = spec
        self.seed = seed
        self.examples = examples
    }

    /// Generates `count` examples of `spec` from `seed`.
    public static func generate(_ spec: TaskSpec, count: Int, seed: UInt64) throws(TaskError) -> Corpus {
        Corpus(spec: spec, seed: seed, examples: try spec.generate(count: count, seed: seed))
    }

    public static let examplesFileName = "corpus.jsonl"
    public static let summaryFileName = "corpus.json"

    public var summary: CorpusSummary {
        CorpusSummary(task: spec.kind.rawValue, seed: seed, count: examples.count,
                      bytes: examples.reduce(0) { $0 + $1.text.utf8.count },
                      longRangeSpans: examples.reduce(0) { $0 + $1.longRange.count }, spec: spec)
    }
}

/// What `corpus.json` holds: enough to read a corpus at a glance and to check it on load.
public struct CorpusSummary: Codable, Hashable, Sendable {
    public static let currentFormat = "lab-corpus"
    public static let currentVersion = 1

    public var format: String = CorpusSummary.currentFormat
    public var version: Int = CorpusSummary.currentVersion
    public var task: String
    public var seed: UInt64
    public var count: Int
    /// Total UTF-8 bytes of all texts.
    public var bytes: Int
    public var longRangeSpans: Int
    public var spec: TaskSpec
}
