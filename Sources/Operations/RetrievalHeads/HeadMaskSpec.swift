import Foundation
import Engine
import LabCore

/// A `niah` step's `mask:` — which heads to switch off and how:
/// - `{heads: [[layer, head], ...]}`: the heads listed;
/// - `{from: ${steps.H}, top: K}`: the K best heads of a retrieval-heads step;
/// - `{from: ${steps.H}, random: K}`: K heads drawn with the step's seed from the heads outside
///   the top K (`exclude: N`: outside the top N instead), so a replicate redraws them;
/// - `mode: query` (default: zero the query, uniform attention, as the official code) or `output`.
/// Always in the official order: the prompt except its last token is prefilled unmasked.
struct HeadMaskSpec {
    enum Selection: Equatable {
        case heads([HeadMask.Head])
        case top(Int)
        case random(Int, exclude: Int?)
    }

    var selection: Selection
    var mode: HeadMask.Mode
    /// The retrieval-heads step's directory (run time only).
    var from: URL?

    static let keys = ["heads", "from", "top", "random", "exclude", "mode"]

    init(_ object: [String: Value], resolvingSteps: Bool) throws {
        let p = ParamReader(object, prefix: "mask.")
        try p.rejectUnknownKeys(Self.keys)
        let modeName = try p.optionalString("mode") ?? HeadMask.Mode.query.rawValue
        guard let mode = HeadMask.Mode(rawValue: modeName) else {
            throw p.bad("mode", "must be query (zero the query: uniform attention) or output (zero the head's output), got '\(modeName)'")
        }
        self.mode = mode
        if p.isGiven("heads") {
            for key in ["from", "top", "random", "exclude"] where p.isGiven(key) {
                throw p.bad(key, "`heads` lists the heads itself; `\(key)` goes with `from: ${steps.H}`")
            }
            selection = .heads(try Self.headList(p))
            return
        }
        guard p.isGiven("from") else {
            throw p.bad("heads", "give `heads: [[layer, head], ...]` or `from: ${steps.H}` with `top: K` or `random: K`")
        }
        if resolvingSteps { from = try p.directory("from") }
        switch (try p.optionalInt("top"), try p.optionalInt("random")) {
        case (let k?, nil):
            try p.require(k >= 0, "top", "must be ≥ 0, got \(k)")
            if p.isGiven("exclude") { throw p.bad("exclude", "only `random` draws outside a top set") }
            selection = .top(k)
        case (nil, let k?):
            try p.require(k >= 0, "random", "must be ≥ 0, got \(k)")
            let exclude = try p.optionalInt("exclude")
            if let exclude { try p.require(exclude >= 0, "exclude", "must be ≥ 0, got \(exclude)") }
            selection = .random(k, exclude: exclude)
        case (nil, nil):
            throw p.bad("top", "`from` needs `top: K` (the K best heads) or `random: K` (K heads outside the top set)")
        case (.some, .some):
            throw p.bad("random", "give `top` or `random`, not both")
        }
    }

    /// `heads: [[layer, head], ...]`, each pair non-negative, none twice.
    private static func headList(_ p: ParamReader) throws -> [HeadMask.Head] {
        let items = try p.list("heads") ?? []
        var heads: [HeadMask.Head] = []
        for (i, item) in items.enumerated() {
            guard let pair = item.arrayValue, pair.count == 2, let layer = pair[0].intValue, let head = pair[1].intValue,
                  layer >= 0, head >= 0 else {
                throw p.bad("heads[\(i)]", "expected [layer, head], two integers ≥ 0, got \(item.typeDescription)")
            }
            let h = HeadMask.Head(layer: layer, head: head)
            guard !heads.contains(h) else { throw p.bad("heads[\(i)]", "names layer \(layer) head \(head) twice") }
            heads.append(h)
        }
        return heads
    }

    /// The heads to mask, in order (listed, by rank, or as drawn), checked against the model.
    func heads(for config: TransformerConfig, seed: UInt64) throws -> [HeadMask.Head] {
        let chosen: [HeadMask.Head]
        switch selection {
        case .heads(let list):
            chosen = list
        case .top(let k), .random(let k, _):
            guard let from else { throw OperationError.failed("mask: the retrieval-heads step was not resolved") }
            let source = try RetrievalHeadsArtifact.load(from: from, parameter: "mask.from")
            guard source.layers == config.layers, source.heads == config.heads else {
                throw OperationError.badParameter("mask.from", "scores heads of a model with \(source.layers) layers of \(source.heads) heads; this model has \(config.layers) of \(config.heads)")
            }
            let total = source.ranking.count
            if case .random(_, let exclude) = selection {
                let excluded = exclude ?? k
                guard excluded + k <= total else {
                    throw OperationError.badParameter("mask.random", "cannot draw \(k) heads outside the top \(excluded) of \(total)")
                }
                chosen = Self.drawOutsideTop(source.ranking, exclude: excluded, count: k, seed: seed)
            } else {
                guard k <= total else { throw OperationError.badParameter("mask.top", "asks for \(k) heads; the model has \(total)") }
                chosen = Array(source.ranking.prefix(k))
            }
        }
        if let outside = chosen.first(where: { $0.layer >= config.layers || $0.head >= config.heads }) {
            throw OperationError.badParameter("mask.heads", "names layer \(outside.layer) head \(outside.head), but the model has \(config.layers) layers of \(config.heads) heads (both counted from 0)")
        }
        return chosen
    }

    /// `count` heads drawn uniformly without replacement from `ranking` past its first `exclude`,
    /// by a seeded shuffle of those candidates in (layer, head) order.
    static func drawOutsideTop(_ ranking: [HeadMask.Head], exclude: Int, count: Int, seed: UInt64) -> [HeadMask.Head] {
        var candidates = ranking.dropFirst(exclude).sorted()
        var rng = SeededRandom(seed: seed ^ 0x4D41_534B)  // "MASK"
        let n = min(count, candidates.count)
        for i in 0..<n {  // partial Fisher–Yates
            candidates.swapAt(i, i + rng.below(candidates.count - i))
        }
        return Array(candidates.prefix(n))
    }

    /// The engine's mask: prompt except its last token unmasked (the official order).
    func mask(_ heads: [HeadMask.Head]) -> HeadMask? {
        heads.isEmpty ? nil : HeadMask(mode: mode, heads: Set(heads), masksPrompt: false)
    }
}
