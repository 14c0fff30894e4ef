internal import YAML
import LabCore

/// The recipe's parameters after defaults, a profile, `--set` overrides and `--sweep`, in that
/// order.
///
/// An override must name a declared parameter and match the type of its default: an integer
/// widens to a number; a string parameter takes any scalar as its text (`--set name=123`);
/// a parameter declared `null` takes anything.
struct ParameterOverrides {
    let document: RecipeDocument
    let file: String
    private(set) var values: [String: Value]
    /// What the profile and `--set` changed (recorded with the run), `seed` included.
    private(set) var overrides: [String: Value] = [:]
    /// The recipe seed as set by a profile's `seed:` or `--set seed=N`.
    private(set) var seed: UInt64?
    /// `--sweep` axes, in command-line order; the parameter's value (and override) becomes the
    /// list of the swept values.
    private(set) var sweeps: [ParameterSweep] = []
    /// Parameters given by `--set`, which `--sweep` may not also give.
    private var setNames: Set<String> = []

    init(document: RecipeDocument, file: String) {
        self.document = document
        self.file = file
        values = Dictionary(document.params.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    private var declaredNames: [String] { document.params.map(\.name) }

    private func declaration(_ name: String) -> ParamDeclaration? {
        document.params.first { $0.name == name }
    }

    mutating func apply(profile name: String) throws(RecipeError) {
        guard let profile = document.profiles.first(where: { $0.name == name }) else {
            let names = document.profiles.map(\.name)
            let hint = names.isEmpty ? " (this recipe has no profiles)"
                : Suggestion.nearest(to: name, among: names).map { " (did you mean '\($0)'?)" }
                    ?? " (profiles: \(names.joined(separator: ", ")))"
            throw RecipeError(file: file, mark: document.profilesMark ?? .start, "unknown profile '\(name)'" + hint)
        }
        for override in profile.overrides {
            if override.name == SeedDeclaration.key {
                guard let seed = SeedDeclaration.seed(from: override.value.labValue) else {
                    throw RecipeError(file: file, mark: override.value.mark, "profile '\(name)': 'seed' must be a "
                                      + "non-negative integer, not '\(override.value.compactDescription)'")
                }
                setSeed(seed)
                continue
            }
            guard let declared = declaration(override.name) else {
                throw RecipeError(file: file, mark: override.keyMark,
                                  "profile '\(name)' sets '\(override.name)', which is not a declared parameter"
                                  + Suggestion.hint(for: override.name, among: declaredNames))
            }
            let value = override.value.labValue
            guard let typed = Self.conform(value, rawText: override.value.scalarText, to: declared.value) else {
                throw RecipeError(file: file, mark: override.value.mark,
                                  "profile '\(name)': parameter '\(override.name)' is \(declared.value.typeDescription), "
                                  + "not \(value.typeDescription) (declared at \(file):\(declared.keyMark))")
            }
            values[override.name] = typed
            overrides[override.name] = typed
        }
    }

    /// `raw` is `key=value` as typed after `--set`; the value is read as a YAML plain scalar
    /// (or a flow list/mapping: `--set dims=[64,128]`).
    mutating func apply(set raw: String) throws(RecipeError) {
        let fallbackMark = document.paramsMark ?? .start
        guard let equals = raw.firstIndex(of: "=") else {
            throw RecipeError(file: file, mark: fallbackMark, "--set \(raw): expected key=value")
        }
        let key = String(raw[..<equals]).trimmingSpaces
        let text = String(raw[raw.index(after: equals)...])
        if key == SeedDeclaration.key {
            try apply(seedText: text, raw: raw)
            return
        }
        guard let declared = declaration(key) else {
            throw RecipeError(file: file, mark: fallbackMark, "--set \(raw): unknown parameter '\(key)'"
                              + Suggestion.hint(for: key, among: declaredNames))
        }
        let node: YAMLNode
        do throws(YAMLError) {
            node = try YAMLReader.parse(text, file: "--set")
        } catch {
            throw RecipeError(file: file, mark: declared.keyMark, "--set \(raw): cannot read the value: \(error.message)")
        }
        // An empty text reads as an empty mapping; as a value it means null.
        let value = text.trimmingSpaces.isEmpty ? Value.null : node.labValue
        let rawScalar = node.scalarText ?? (text.trimmingSpaces.isEmpty ? "" : nil)
        guard let typed = Self.conform(value, rawText: rawScalar, to: declared.value) else {
            throw RecipeError(file: file, mark: declared.keyMark,
                              "--set \(raw): parameter '\(key)' is \(declared.value.typeDescription) "
                              + "(declared at \(file):\(declared.keyMark))")
        }
        values[key] = typed
        overrides[key] = typed
        setNames.insert(key)
    }

    /// `raw` is `name=v1,v2,…` as typed after `--sweep` (after every `--set`).
    mutating func apply(sweep raw: String) throws(RecipeError) {
        let sweep = try ParameterSweep.parse(raw, declaration: declaration, declaredNames: declaredNames,
                                             fallbackMark: document.paramsMark ?? .start, file: file)
        if sweeps.contains(where: { $0.name == sweep.name }) {
            throw RecipeError(file: file, mark: sweep.mark, "\(sweep.flag): parameter '\(sweep.name)' is swept twice; "
                              + "give all its values in one --sweep")
        }
        if setNames.contains(sweep.name) {
            throw RecipeError(file: file, mark: sweep.mark, "\(sweep.flag): parameter '\(sweep.name)' is also given by "
                              + "--set; drop one of them")
        }
        let list = Value.array(sweep.entries.map(\.value))
        values[sweep.name] = list
        overrides[sweep.name] = list
        sweeps.append(sweep)
    }

    /// `--set seed=N`: the recipe seed, a non-negative integer; a bad value is reported at the
    /// recipe's `seed:` (or the file's start when it has none).
    private mutating func apply(seedText text: String, raw: String) throws(RecipeError) {
        var seed: UInt64?
        do throws(YAMLError) {
            seed = SeedDeclaration.seed(from: try YAMLReader.parse(text, file: "--set").labValue)
        } catch {
            seed = nil
        }
        guard let seed else {
            throw RecipeError(file: file, mark: document.seed.mark,
                              "--set \(raw): the recipe seed must be a non-negative integer")
        }
        setSeed(seed)
    }

    private mutating func setSeed(_ seed: UInt64) {
        self.seed = seed
        overrides[SeedDeclaration.key] = .int(Int(seed))
    }

    /// `value` with the type of `declared`, or nil when the types disagree.
    static func conform(_ value: Value, rawText: String?, to declared: Value) -> Value? {
        switch (declared, value) {
        case (.null, _): return value
        case (.int, .int), (.double, .double), (.bool, .bool), (.string, .string), (.array, .array), (.object, .object):
            return value
        case (.double, .int(let i)): return .double(Double(i))
        case (.string, _): return rawText.map(Value.string)
        default: return nil
        }
    }
}
