import Foundation
import Engine
import LabCore

/// `op: niah` — needle-in-a-haystack over a grid of context lengths × needle depths, optionally
/// with heads masked (docs/METHODS.md §2).
public struct NIAHOperation: LabCore.Operation {
    public init() {}

    public let name = "niah"
    public let version = 3  // 3: fused attention kernels (fused multiply-adds, exp rounding) change the floats
    public let summary = "Needle in a haystack: greedy answers over context lengths × needle depths, ROUGE-1 recall; optional head masks"
    public let doc = """
        Needle in a haystack as the retrieval-heads official code runs it (docs/METHODS.md §2): in \
        each cell (context length in tokens × needle depth in percent), `samples` prompts — a \
        filler haystack with one needle sentence ("the magic number of NAME is DIGITS.") at the \
        depth, backed off to the previous sentence start, then the question — answered by greedy \
        decoding; score: ROUGE-1 recall × 100 of the output against the needle's answer. \
        Ours, not the official code's: the haystack, needle and question come from lab's `needle` \
        task (seeded filler; the official uses essays and three fixed needles); sample i of every \
        cell shares its needle and haystack stream (from `sample_seed`, default the step's seed), \
        trimmed to the cell, as the official grid reuses one haystack; a cell's length holds the \
        prompt (<|bos|>, haystack, "\\n", question) plus max_tokens, the haystack being the longest \
        whole-sentence prefix that fits (official: haystack with needle cut to length − 200 \
        tokens, then the question); the depth is measured in characters of the haystack \
        (official: tokens); no \
        instruction template (the prompt is text as the model trained on it); decoding stops \
        after max_tokens (16; official 50) or at a token whose text holds a stop string ("\\n", \
        "."; official: newline) or a special token, and the output is cut at the first stop \
        string; ROUGE-1 words are runs of ASCII letters and digits, lower-cased, not stemmed \
        (official: rouge_score with the Porter stemmer); depths are given in percent (default 0, \
        25, 50, 75, 100; official 10 linear steps). `context` (with rope_base / rope_scaling) runs \
        the model beyond its trained context: only the RoPE table changes. \
        Masks, `mask:` {heads: [[layer, head], ...]} | {from: ${steps.H}, top: K} | {from: \
        ${steps.H}, random: K, exclude: N}, with mode `query` (default, as the official code: the \
        head's query zeroed after RoPE, so it attends uniformly over the cache) or `output` (the \
        head's output zeroed; ours). As the official code, the prompt except its last token is \
        prefilled without the mask; the last prompt token and every generated token go through \
        it. `random`: K heads drawn with the step's seed, uniformly among the heads outside the \
        top K of the retrieval-heads ranking (`exclude: N`: outside the top N), one draw for the \
        whole step, redrawn by a replicate (another seed). The official code meant to exclude its \
        top 100 heads but its test never excludes any, and redraws per sample. \
        Metrics: matrix `niah` (rows depth, columns length, mean score per cell; drawn red low → \
        green high over 0...100, the paper's colours); `niah.mean` \
        (every sample), `niah.answered` (share of samples scoring > 50), `niah.samples`, \
        `mask.heads` (heads masked), `niah.seconds`; records `samples` (length, depth, sample, \
        prompt, question, answer, output, score, prompt_tokens, needle_position, \
        generated_tokens, stop) and `masked_heads` (layer, head, in the order chosen).
        """

    public var params: [ParamSpec] {
        NeedleSettings.params + [
            ParamSpec("mask", .object, default: .null,
                      "heads to switch off: {heads: [[layer, head], ...]} | {from: ${steps.H}, top: K} | {from: ${steps.H}, random: K, exclude?: N}; mode: query | output"),
        ]
    }

    public var usesBLAS: Bool { true }

    public var metrics: [MetricDeclaration] {
        [
            // The paper's colours (red low → green high) on one 0...100 scale, so grids compare.
            MetricDeclaration("niah", .matrix, .higherIsBetter, "mean ROUGE-1 recall × 100 per cell: rows needle depth (%), columns context length (tokens)",
                              palette: .redToGreen, range: 0...100),
            MetricDeclaration("niah.mean", .scalar, .higherIsBetter, "mean ROUGE-1 recall × 100 over every sample of the grid"),
            MetricDeclaration("niah.answered", .scalar, .higherIsBetter, "share of samples whose recall passes 50 (answered)"),
            MetricDeclaration("niah.samples", .scalar, .neither, "samples decoded (lengths × depths × samples)"),
            MetricDeclaration("mask.heads", .scalar, .neither, "heads masked"),
            MetricDeclaration("niah.seconds", .scalar, .neither, "wall-clock seconds of the grid").timing(),
        ]
    }

    public func validate(_ params: [String: Value]) throws {
        _ = try NeedleSettings(params, resolvingSteps: false)
        if let object = try ParamReader(params).object("mask") { _ = try HeadMaskSpec(object, resolvingSteps: false) }
    }

    public func run(_ context: OperationContext) throws -> OperationResult {
        let started = Date()
        let settings = try NeedleSettings(context.params, resolvingSteps: true)
        let maskSpec = try ParamReader(context.params).object("mask").map { try HeadMaskSpec($0, resolvingSteps: true) }
        let runner = try NeedleRunner(settings, operation: name, threads: context.threads)
        let heads = try maskSpec?.heads(for: runner.model.config, seed: context.seed) ?? []
        let mask = maskSpec?.mask(heads)
        let sampler = try NeedleSampler(valueDigits: settings.valueDigits, wordsPerClass: settings.wordsPerClass,
                                        tokenizer: runner.tokenizer, seed: settings.samplesSeed(stepSeed: context.seed),
                                        answerRoom: settings.maxTokens)
        var means = NeedleGrid.CellMeans(settings)
        var records: [Value] = []
        var answered = 0
        try NeedleGrid(settings: settings, sampler: sampler).forEachSample(context, verb: "decoded", runner: runner, { model, sample in
            try runner.answer(sample, mask: mask, readout: .none, model: model)
        }, deliver: { sample, answer in
            means.add(answer.score, depth: sample.depth, length: sample.length)
            if answer.score > 50 { answered += 1 }
            records.append(.object(NeedleGrid.record(sample, answer)))
            return NeedleGrid.logLine(sample, answer)
        })
        let count = Double(records.count)
        return OperationResult(
            scalars: ["niah.mean": means.overallMean, "niah.answered": Double(answered) / count, "niah.samples": count,
                      "mask.heads": Double(heads.count), "niah.seconds": Date().timeIntervalSince(started)],
            matrices: ["niah": means.matrix],
            records: ["samples": records, "masked_heads": NeedleGrid.headRecords(heads)])
    }
}
