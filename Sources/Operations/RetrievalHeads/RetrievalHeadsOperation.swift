import Foundation
import Engine
import LabCore

/// `op: retrieval-heads` — which attention heads copy the needle's answer while the model
/// answers needle-in-a-haystack prompts (docs/METHODS.md §2).
public struct RetrievalHeadsOperation: LabCore.Operation {
    public init() {}

    public let name = "retrieval-heads"
    public let version = 3  // 3: fused attention kernels (fused multiply-adds, exp rounding) change the floats
    public let summary = "Retrieval-head detection: per-head copy scores while decoding needle-in-a-haystack answers"
    public let doc = """
        Retrieval-head detection as the official code does it (docs/METHODS.md §2): the `niah` \
        grid's samples (same parameters, same choices: see `lab ops niah`) are decoded greedily \
        without masks while every layer's and head's argmax attention position is read at every \
        produced token. A head copies at a token when that position lies in the needle's answer \
        span and the prompt token there is the token produced; its score on a sample is copies / \
        span length (the stop token's step counts, as there; a repeated answer can pass 1). \
        Scores are averaged over the samples the model answered (ROUGE-1 recall > 50, as the \
        official code); failed samples are left out. Ours: the answer span is the tokens that \
        cover the needle's digits in the prompt, found from byte offsets (official: the first \
        window whose token set overlaps the answer's tokens by > 90%); ties in the argmax go to \
        the earliest position; only this step's samples count (the official script adds the \
        scores of earlier runs found in its output file); the step fails when fewer than \
        `min_answered` samples were answered (no evidence; with 0, every score of a step without \
        an answered sample is 0 — for smoke tests, ours); the activation frequency is over the \
        answered samples. The ranking puts equal scores in (layer, head) order, as the official \
        stable sort does. \
        Writes `heads.json` (scores, frequencies, ranking) for `niah`'s `mask: {from: ...}`. \
        Metrics: matrices `retrieval_score` and `activation_frequency` (rows layer, columns \
        head); `retrieval_heads.count` and `retrieval_heads.share` (heads scoring above \
        `threshold`, 0.1 as the paper), `retrieval.max`, `samples.answered`, `samples.total`, \
        `niah.mean`; records `heads` (every head ranked: rank, layer, head, score, frequency) \
        and `samples` (as niah's, with `answered`).
        """

    public var params: [ParamSpec] {
        NeedleSettings.params + [
            ParamSpec("threshold", .double, default: 0.1, range: 0...1000, "a head scoring above this is a retrieval head (the paper: 0.1)"),
            ParamSpec("min_answered", .int, default: 1, range: 0...1_000_000, "the step fails when fewer samples were answered (recall > 50); 0 lets an unanswered step through with every score 0"),
        ]
    }

    public var usesBLAS: Bool { true }

    public var metrics: [MetricDeclaration] {
        [
            MetricDeclaration("retrieval_score", .matrix, .neither, "mean retrieval score per head over the answered samples: rows layer, columns head"),
            MetricDeclaration("activation_frequency", .matrix, .neither, "share of the answered samples on which the head scores above the threshold",
                              range: 0...1),
            MetricDeclaration("retrieval_heads.count", .scalar, .neither, "heads whose mean score passes the threshold"),
            MetricDeclaration("retrieval_heads.share", .scalar, .neither, "share of all heads whose mean score passes the threshold"),
            MetricDeclaration("retrieval.max", .scalar, .neither, "the best head's mean score"),
            MetricDeclaration("samples.answered", .scalar, .neither, "samples answered (recall > 50): the ones scored"),
            MetricDeclaration("samples.total", .scalar, .neither, "samples decoded"),
            MetricDeclaration("niah.mean", .scalar, .higherIsBetter, "mean ROUGE-1 recall × 100 over every sample"),
        ]
    }

    public func validate(_ params: [String: Value]) throws {
        _ = try NeedleSettings(params, resolvingSteps: false)
        let p = ParamReader(params)
        let threshold = try p.double("threshold")
        try p.require(threshold >= 0, "threshold", "must be ≥ 0, got \(threshold)")
        try p.require(try p.int("min_answered") >= 0, "min_answered", "must be at least 0")
    }

    public func run(_ context: OperationContext) throws -> OperationResult {
        try validate(context.params)
        let settings = try NeedleSettings(context.params, resolvingSteps: true)
        let p = ParamReader(context.params)
        let threshold = try p.double("threshold"), minAnswered = try p.int("min_answered")
        let runner = try NeedleRunner(settings, operation: name, threads: context.threads)
        let config = runner.model.config
        let headCount = config.layers * config.heads
        let sampler = try NeedleSampler(valueDigits: settings.valueDigits, wordsPerClass: settings.wordsPerClass,
                                        tokenizer: runner.tokenizer, seed: settings.samplesSeed(stepSeed: context.seed),
                                        answerRoom: settings.maxTokens)
        var tally = RetrievalTally(headCount: headCount, threshold: threshold)
        var records: [Value] = []
        var recallSum = 0.0
        try NeedleGrid(settings: settings, sampler: sampler).forEachSample(context, verb: "read", runner: runner, { model, sample in
            let answer = try runner.answer(sample, mask: nil, readout: .argmax, model: model)
            let g = answer.generation
            return (answer, RetrievalScore.perHead(prompt: sample.tokens, answerSpan: sample.answerSpan, produced: g.producedTokens,
                                                   argmax: g.attentionArgmax, headCount: headCount))
        }, deliver: { sample, scored in
            let (answer, scores) = scored
            let counted = tally.add(recall: answer.score, scores: scores)
            recallSum += answer.score
            var record = NeedleGrid.record(sample, answer)
            record["answered"] = .bool(counted)
            records.append(.object(record))
            return NeedleGrid.logLine(sample, answer)
        })
        guard tally.answered >= minAnswered else {
            throw OperationError.failed("retrieval-heads: the model answered \(tally.answered) of \(tally.seen) samples (ROUGE-1 recall > 50); scores need at least \(minAnswered) (min_answered). Test it with `niah` at these lengths, or train it longer")
        }
        let artifact = RetrievalHeadsArtifact(layers: config.layers, heads: config.heads, scores: tally.meanScores,
                                              frequency: tally.activationFrequency, threshold: threshold,
                                              answered: tally.answered, samples: tally.seen)
        try artifact.write(to: context.outputDirectory)
        return Self.result(artifact, samples: records, recallMean: recallSum / Double(max(1, tally.seen)))
    }

    static func result(_ a: RetrievalHeadsArtifact, samples: [Value], recallMean: Double) -> OperationResult {
        func matrix(_ values: [Double]) -> MatrixResult {
            MatrixResult(rowName: "layer", columnName: "head", rowLabels: (0..<a.layers).map(String.init),
                         columnLabels: (0..<a.heads).map(String.init), values: values)
        }
        let above = a.scores.filter { $0 > a.threshold }.count
        let ranked: [Value] = a.ranking.enumerated().map { rank, head in
            .object(["rank": .int(rank + 1), "layer": .int(head.layer), "head": .int(head.head),
                     "score": .double(a.score(head)), "frequency": .double(a.frequency[head.layer * a.heads + head.head])])
        }
        return OperationResult(
            scalars: ["retrieval_heads.count": Double(above), "retrieval_heads.share": Double(above) / Double(a.scores.count),
                      "retrieval.max": a.scores.max() ?? 0, "samples.answered": Double(a.answered),
                      "samples.total": Double(a.samples), "niah.mean": recallMean],
            matrices: ["retrieval_score": matrix(a.scores), "activation_frequency": matrix(a.frequency)],
            records: ["heads": ranked, "samples": samples])
    }
}
