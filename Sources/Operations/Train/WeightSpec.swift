import Foundation
import LabCore

/// The `weights` mapping of a train step: a scheme and where the scores come from.
///
/// In every mode the long loss lL is the live loss of the model being trained (as the official
/// code); the source gives the short loss lS:
/// - `{scheme: "sparse(0.25)", scores: ${steps.scores}}`: frozen lS, precomputed by a `score`
///   step; ours: `long: frozen` also takes lL from that step's long model (weights fixed
///   before training);
/// - `{scheme: ..., self: {short: 64, stride: 32}}` (or `self: true`): unfrozen self-scoring,
///   the model being trained rerun without gradients over short windows of the batch;
/// - `{scheme: ..., scorer: ${steps.small}, short: 64, stride: 32}`: another (e.g. smaller)
///   checkpoint scores each batch over short windows (what a frozen precompute with that
///   model would give, computed live: ours).
/// `uniform` needs no source. Scheme keys of the mapping form (`kappa`, `lambda`, ...) may sit
/// beside `scheme` (see WEIGHTS.md).
struct WeightSpec {
    enum Source: Equatable {
        case none
        /// The scores step's directory (nil in `validate`, where it is still a reference), and
        /// whether lL comes from it too (ours) rather than from the model being trained.
        case frozen(URL?, longIsFrozen: Bool)
        case selfScoring(window: Int, stride: Int)
        case scorer(URL?, window: Int, stride: Int)

        var name: String? {
            switch self {
            case .none: return nil
            case .frozen(_, let longIsFrozen): return longIsFrozen ? "frozen-both" : "frozen"
            case .selfScoring: return "self"
            case .scorer: return "scorer"
            }
        }
    }

    let scheme: TokenWeightScheme
    let config: WeightConfig
    let source: Source

    static let sourceKeys = ["scores", "self", "scorer", "short", "stride", "long"]

    /// Ours: without `short`, the live scorers use a quarter of the context, stride half of it.
    static func defaultWindow(context: Int) -> Int { max(2, context / 4) }

    init(_ object: [String: Value], context: Int) throws {
        let p = ParamReader(object, prefix: "weights.")
        guard p.isGiven("scheme") else { throw p.bad("scheme", "is required (e.g. \"sparse(0.25)\")") }
        let schemeMembers = object.filter { !Self.sourceKeys.contains($0.key) }
        let schemeValue: Value = schemeMembers.count == 1 ? object["scheme"]! : .object(schemeMembers)
        do {
            scheme = try TokenWeightScheme(schemeValue)
            config = try scheme.config()
        } catch let error as TokenWeightingError {
            throw error.asOperationError(parameter: "weights.scheme")
        }

        let given = ["scores", "self", "scorer"].filter { p.isGiven($0) }
        try p.require(given.count <= 1, given.last ?? "scores",
                      "give one source of scores, not \(given.joined(separator: " and "))")
        func reference(_ key: String) throws -> URL? {
            let value = object[key]!
            if StepReference.stepID(in: value) != nil { return nil }
            guard let path = value.stringValue else { throw p.bad(key, "expected a step output (${steps.NAME}), got \(value.typeDescription)") }
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        func window(_ reader: ParamReader) throws -> (Int, Int) {
            let short = try reader.optionalInt("short") ?? Self.defaultWindow(context: context)
            let stride = try reader.optionalInt("stride") ?? max(1, short / 2)
            try reader.require(short >= 2 && short < context, "short",
                               "the short window must be in 2...\(context - 1) (below the context \(context)), got \(short)")
            try reader.require(stride >= 1 && stride < short, "stride", "must be in 1...\(short - 1) (below short = \(short)), got \(stride)")
            return (short, stride)
        }
        let long = try p.optionalString("long")
        if let long { try p.require(["live", "frozen"].contains(long), "long", "must be live (the model being trained, the paper's) or frozen (the score step's long model, ours), got '\(long)'") }
        try p.require(long == nil || given.first == "scores", "long", "only frozen scores (weights.scores) can take lL from elsewhere: the live scorers always use the model being trained")
        switch given.first {
        case "scores":
            for key in ["short", "stride"] where p.isGiven(key) {
                throw p.bad(key, "the window of frozen scores is set on the score step")
            }
            source = .frozen(try reference("scores"), longIsFrozen: long == "frozen")
        case "self":
            for key in ["short", "stride"] where p.isGiven(key) {
                throw p.bad(key, "for self-scoring, give it inside self: {short: 64, stride: 32}")
            }
            let value = object["self"]!
            if value.boolValue == true {
                let (w, s) = try window(ParamReader([:], prefix: "weights.self."))
                source = .selfScoring(window: w, stride: s)
            } else if let inner = value.objectValue {
                let reader = ParamReader(inner, prefix: "weights.self.")
                try reader.rejectUnknownKeys(["short", "stride"])
                let (w, s) = try window(reader)
                source = .selfScoring(window: w, stride: s)
            } else {
                throw p.bad("self", "expected true or {short: N, stride: M}, got \(value.typeDescription)")
            }
        case "scorer":
            let (w, s) = try window(p)
            source = .scorer(try reference("scorer"), window: w, stride: s)
        default:
            for key in ["short", "stride"] where p.isGiven(key) {
                throw p.bad(key, "only a live scorer (weights.scorer) takes a window here")
            }
            if scheme.needsScores {
                throw p.bad("scheme", "'\(scheme)' needs scores: add scores: ${steps.NAME} (a score step), self: {short: N}, or scorer: ${steps.NAME}")
            }
            source = .none
        }
    }
}
