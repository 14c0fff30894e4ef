import Foundation
import LabCore
import Tasks

/// `op: tokenizer` — trains a byte-level BPE on a corpus step's train split.
public struct TokenizerOperation: LabCore.Operation {
    public init() {}

    public let name = "tokenizer"
    public let version = 1
    public let summary = "Train a byte-level BPE tokenizer on a corpus"
    public let doc = """
        Learns BPE merges over UTF-8 bytes from the train split of a `corpus` step and writes \
        `tokenizer.json` (256 byte tokens, <|bos|>, <|eos|>, then the merges). Encoding then \
        decoding returns the input exactly. On tiny data the vocabulary can come out smaller \
        than asked (no pair occurs twice any more): the metric `vocab` is the real size. \
        Metric `chars_per_token` is measured on the eval split (held out), ours: so that \
        `corpus.chars_per_token` can be set from it.
        """

    public var params: [ParamSpec] {
        [
            ParamSpec("text", .step, "a corpus step: its train split is the training text"),
            ParamSpec("vocab", .int, default: 512, range: 258...1_000_000, "vocabulary size, ≥ 258 (bytes + 2 special tokens)"),
        ]
    }

    public func validate(_ params: [String: Value]) throws {
        let p = ParamReader(params)
        let vocab = try p.int("vocab")
        try p.require(vocab >= BPETokenizer.minimumVocabSize && vocab <= 1_000_000, "vocab",
                      "must be in \(BPETokenizer.minimumVocabSize)...1000000 (256 bytes + 2 special tokens + merges), got \(vocab)")
    }

    public func run(_ context: OperationContext) throws -> OperationResult {
        try validate(context.params)
        let p = ParamReader(context.params)
        let directory = try p.directory("text")
        let vocab = try p.int("vocab")
        let train = try CorpusArtifact.load(.train, from: directory, parameter: "text")
        context.progress(.init("training a BPE of \(vocab) on \(train.examples.count) examples", fraction: 0))
        let tokenizer: BPETokenizer
        do { tokenizer = try BPETokenizer.train(texts: train.examples.map(\.text), vocabSize: vocab) } catch {
            throw OperationError.badParameter("vocab", "\(error)")
        }
        if context.isCancelled() { throw OperationError.cancelled }
        try TokenizerArtifact.save(tokenizer, to: context.outputDirectory)
        let eval = try CorpusArtifact.load(.eval, from: directory, parameter: "text")
        let sample = eval.examples.isEmpty ? train.examples : eval.examples
        return OperationResult(scalars: [
            "vocab": Double(tokenizer.vocabSize),
            "merges": Double(tokenizer.merges.count),
            "chars_per_token": tokenizer.bytesPerToken(sample.map(\.text)),
        ])
    }
}
