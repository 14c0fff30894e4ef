internal import YAML
import LabCore

/// The top-level `seed`: a non-negative integer (`seed: 7`) or one integer parameter
/// (`seed: ${s}`, so that a profile or `--set s=5` changes it). `--set seed=5` and a profile's
/// `seed:` override either form.
struct SeedDeclaration {
    enum Source {
        case literal(UInt64)
        /// `${name}`, at the reference's mark.
        case parameter(String, Mark)
    }

    /// The name `--set` and profiles use for the recipe seed.
    static let key = "seed"

    var source: Source
    /// The value's mark: where a bad seed is reported.
    var mark: Mark

    /// No `seed:` in the recipe.
    static let zero = SeedDeclaration(source: .literal(0), mark: .start)

    /// The seed after overrides. `override` is what a profile or `--set seed=` gave (already
    /// checked); a parameter's value must be a non-negative integer.
    func resolve(params: [String: Value], override: UInt64?, file: String) throws(RecipeError) -> UInt64 {
        if let override { return override }
        switch source {
        case .literal(let seed):
            return seed
        case .parameter(let name, let referenceMark):
            guard let value = params[name] else {
                throw RecipeError(file: file, mark: referenceMark, "unknown parameter '\(name)' in 'seed: ${\(name)}'"
                                  + Suggestion.hint(for: name, among: params.keys.sorted()))
            }
            guard let seed = Self.seed(from: value) else {
                throw RecipeError(file: file, mark: mark, "'seed: ${\(name)}': parameter '\(name)' is "
                                  + "\(value.canonicalJSON), and the seed must be a non-negative integer")
            }
            return seed
        }
    }

    /// A non-negative integer as a seed; nil for anything else.
    static func seed(from value: Value) -> UInt64? {
        guard case .int(let n) = value, n >= 0 else { return nil }
        return UInt64(n)
    }
}
