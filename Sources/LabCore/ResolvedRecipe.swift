import Foundation

/// A recipe after parsing, profiles, `--set`, sweep expansion and reference resolution:
/// what the pipeline plans and runs. Produced by the Recipes module.
public struct ResolvedRecipe: Sendable {
    public var name: String
    /// The recipe's `about` text (Markdown).
    public var about: String?
    public var seed: UInt64
    /// Path of the recipe file and its exact text, recorded in the ledger.
    public var path: String
    public var text: String
    public var profile: String?
    public var overrides: [String: Value]
    /// Parameters after defaults, profile and `--set`.
    public var params: [String: Value]
    /// Steps in recipe order (sweep variants adjacent, in grid order).
    public var steps: [ResolvedStep]
    /// The recipe's `claims:`, in order; decided from the run's results, never part of a key.
    public var claims: [ResolvedClaim]
    /// The recipe's `figures:`, in order; drawn from the run's results, never part of a key.
    public var figures: [ResolvedFigure]
    /// Where the recipe came from (the CLI's git commit and cleanliness), recorded with the run
    /// inside `resolvedValue`; `.null` when unknown. Never part of a key.
    public var provenance: Value = .null

    public init(name: String, about: String?, seed: UInt64, path: String, text: String, profile: String?,
                overrides: [String: Value], params: [String: Value], steps: [ResolvedStep],
                claims: [ResolvedClaim] = [], figures: [ResolvedFigure] = []) {
        self.name = name
        self.about = about
        self.seed = seed
        self.path = path
        self.text = text
        self.profile = profile
        self.overrides = overrides
        self.params = params
        self.steps = steps
        self.claims = claims
        self.figures = figures
    }

    public var recipeDirectory: URL { URL(fileURLWithPath: path).deletingLastPathComponent() }

    /// The whole resolved recipe as one value (stored in the ledger, shown by `lab export`);
    /// `claims` and `figures` only when the recipe has some.
    public var resolvedValue: Value {
        var object: [String: Value] = [
            "name": .string(name), "about": about.map(Value.string) ?? .null,
            "seed": .int(Int(truncatingIfNeeded: seed)),
            "profile": profile.map(Value.string) ?? .null,
            "params": .object(params), "overrides": .object(overrides),
            "steps": .array(steps.map(\.resolvedValue)),
        ]
        if !claims.isEmpty { object["claims"] = .array(claims.map(\.value)) }
        if !figures.isEmpty { object["figures"] = .array(figures.map(\.value)) }
        if !provenance.isNull { object["provenance"] = provenance }
        return .object(object)
    }

    /// The claims stored in a run's resolved recipe (`resolvedValue`); entries that do not read
    /// as claims are left out.
    public static func claims(in resolved: Value?) -> [ResolvedClaim] {
        (resolved?["claims"].arrayValue ?? []).compactMap(ResolvedClaim.init)
    }

    /// The figures stored in a run's resolved recipe; entries that do not read as figures are
    /// left out.
    public static func figures(in resolved: Value?) -> [ResolvedFigure] {
        (resolved?["figures"].arrayValue ?? []).compactMap(ResolvedFigure.init)
    }
}

/// One runnable step: a recipe step, or one variant of a swept step.
public struct ResolvedStep: Sendable {
    /// Unique in the run: the step name, plus sweep values for a variant:
    /// `weighted[scheme=sparse(0.25)]`, `grid[lr=0.001,dim=64]` (sweep keys in recipe order).
    public var id: String
    /// The recipe step name (`weighted`).
    public var name: String
    /// Sweep values of this variant, in recipe order; empty for an unswept step.
    public var variant: [(key: String, value: Value)]
    public var op: String
    /// Parameters with defaults filled in; references to other steps as `StepReference` values.
    public var params: [String: Value]
    public var title: String?
    public var note: String?
    /// Files the step reads (absolute paths); their content hashes go into the cache key.
    public var files: [String]
    /// Position of the step in the recipe (variants share it), for the notebook's order.
    public var order: Int
    /// The keys of `variant` this step sweeps itself (its `sweep:` and `repeat:`), not inherited
    /// from the steps it follows: their values go into its cache key.
    public var ownSweepKeys: [String]
    /// `resources:` as written on the step (Slurm jobs only; not part of the key).
    public var resources: StepResources?

    public init(id: String, name: String, variant: [(key: String, value: Value)], op: String,
                params: [String: Value], title: String?, note: String?, files: [String], order: Int,
                ownSweepKeys: [String] = [], resources: StepResources? = nil) {
        self.id = id
        self.name = name
        self.variant = variant
        self.op = op
        self.params = params
        self.title = title
        self.note = note
        self.files = files
        self.order = order
        self.ownSweepKeys = ownSweepKeys
        self.resources = resources
    }

    /// Ids of the steps this one reads, from the references in its parameters.
    public var dependencies: [String] { StepReference.all(in: .object(params)) }

    /// The step's own sweep values (`ownSweepKeys`), for its cache key.
    public var ownVariant: [String: Value] {
        Dictionary(variant.filter { ownSweepKeys.contains($0.key) }.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    public var variantValue: Value {
        .object(Dictionary(variant.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
    }

    /// `resources` only when the step has some, so a step without reads as before.
    public var resolvedValue: Value {
        var o: [String: Value] = [
            "id": .string(id), "name": .string(name), "op": .string(op),
            "variant": variantValue, "params": .object(params),
            "files": .array(files.map(Value.string)),
        ]
        if let resources { o["resources"] = resources.value }
        return .object(o)
    }
}
