internal import YAML
import LabCore

/// Resolves a selector of a claim or a figure (`variant: {scheme: sparse(0.25)}`) against the
/// variants of its step:
///
/// - the step is a step of the recipe;
/// - the selector names every sweep key of the step but `rep` (the replicates of one condition
///   are pooled, never two conditions) and but the `free` keys (a figure's x axis);
/// - a value is matched to the sweep's values as written (`sparse(0.25)`, `"1e-3"`), by value,
///   or as a number (`0.001` picks a sweep written `1e-3`, `1` picks `1.0`). A value no variant
///   has is an error when the sweep's values are all literal; when they come from parameters a
///   profile may change them, and the selection is left empty (a claim is then inconclusive);
/// - `fixed` values of `--sweep` axes the selector leaves open are added where the step has
///   them (one selection per value: see `ClaimChecker`, `FigureChecker`).
struct SelectorResolver {
    let document: RecipeDocument
    let spaces: [String: VariantSpace]
    let params: [String: Value]
    let file: String

    /// `owner` names what the selector belongs to in messages: "claim" or "figure".
    func resolve(_ declared: SelectorDeclaration, role: String, step: String, stepMark: Mark, owner: String,
                 free: Set<String> = [], fixed: [Variant.Entry] = []) throws(RecipeError) -> ResolvedClaim.Selector {
        let space = try self.space(of: step, at: stepMark, owner: owner)
        let keys = space.variants.first?.keys ?? []
        let file = self.file
        var resolver = ValueResolver(file: file, params: params, variant: nil) { reference, mark throws(RecipeError) in
            throw RecipeError(file: file, mark: mark, "a \(owner)'s value may only refer to parameters, not '\(reference.spelling)'")
        }
        var picks: [ResolvedClaim.Selector.Pick] = []
        for entry in declared.entries {
            if entry.key == Replicates.key {
                throw RecipeError(file: file, mark: entry.keyMark, "'\(Replicates.key)' numbers the replicates, which a \(owner) "
                                  + "pools: leave it out of '\(role)'")
            }
            if free.contains(entry.key) {
                throw RecipeError(file: file, mark: entry.keyMark, "'\(entry.key)' is the \(owner)'s x axis, which runs over "
                                  + "every value: leave it out of '\(role)'")
            }
            guard keys.contains(entry.key) else {
                let known = keys.filter { $0 != Replicates.key }
                let hint = keys.isEmpty ? " (it is not swept)" : known.isEmpty ? " (it sweeps nothing but replicates)"
                    : Suggestion.nearest(to: entry.key, among: known).map { " (did you mean '\($0)'?)" }
                    ?? " (its sweep keys: \(known.joined(separator: ", ")))"
                throw RecipeError(file: file, mark: entry.keyMark, "step '\(step)' has no sweep key '\(entry.key)'" + hint)
            }
            let value = try resolver.resolve(entry.value, path: "\(role).\(entry.key)")
            let written = (try ScalarTemplate.of(entry.value, file: file)) == nil ? entry.value.scalarText : nil
            let candidates = Self.entries(of: entry.key, in: space)
            if let match = Self.match(value, written: written, among: candidates) {
                picks.append(.init(key: entry.key, value: match.value))
                continue
            }
            guard !isLiteral(entry.key, in: space) else {
                throw RecipeError(file: file, mark: entry.value.mark, "step '\(step)' has no variant with \(entry.key) = "
                                  + "\(written ?? value.interpolationText) (its values: \(candidates.map(\.text).joined(separator: ", ")))")
            }
            picks.append(.init(key: entry.key, value: value))
        }
        for entry in fixed where keys.contains(entry.key) && !free.contains(entry.key)
            && !declared.entries.contains(where: { $0.key == entry.key }) {
            picks.append(.init(key: entry.key, value: entry.value))
        }
        let missing = keys.filter { key in key != Replicates.key && !free.contains(key) && !picks.contains { $0.key == key } }
        guard missing.isEmpty else {
            let list = missing.map { "'\($0)'" }.joined(separator: ", ")
            throw RecipeError(file: file, mark: declared.mark ?? stepMark, "the \(owner)'s '\(role)' must give a value for "
                              + "every sweep key of step '\(step)' but '\(Replicates.key)': \(list) missing (a \(owner) "
                              + "pools the replicates of one condition)")
        }
        // Values each present give a variant together: sweeps are grids, and joining grids on the
        // keys they share gives grids again.
        return ResolvedClaim.Selector(step: step, values: picks)
    }

    /// The combinations of `--sweep` values that some selection leaves open on its step (one
    /// empty combination when none): a claim or figure pools the replicates of one condition, so
    /// one about `eval` is made once per `lr` when `--sweep lr=…` sweeps `eval`. `selections`:
    /// each step with the selector written for it; keys in `except` are never fixed.
    func openSweepValues(_ sweeps: [ParameterSweep], selections: [(step: String, declared: SelectorDeclaration)],
                         except: Set<String> = []) -> [[Variant.Entry]] {
        var combinations: [[Variant.Entry]] = [[]]
        for sweep in sweeps where !except.contains(sweep.name) {
            let open = selections.contains { selection in
                (spaces[selection.step]?.variants.first?.keys ?? []).contains(sweep.name)
                    && !selection.declared.entries.contains { $0.key == sweep.name }
            }
            if open { combinations = combinations.flatMap { fixed in sweep.entries.map { fixed + [$0] } } }
        }
        return combinations
    }

    /// The variants of a step of the recipe.
    func space(of step: String, at mark: Mark, owner: String) throws(RecipeError) -> VariantSpace {
        guard let space = spaces[step] else {
            let names = document.steps.map(\.name)
            throw RecipeError(file: file, mark: mark, "unknown step '\(step)' in a \(owner)" + Suggestion.hint(for: step, among: names))
        }
        return space
    }

    /// The distinct values of one sweep key among a space's variants, in grid order.
    static func entries(of key: String, in space: VariantSpace) -> [Variant.Entry] {
        var seen: Set<String> = []
        var entries: [Variant.Entry] = []
        for variant in space.variants {
            for entry in variant.entries where entry.key == key && seen.insert(entry.text).inserted { entries.append(entry) }
        }
        return entries
    }

    /// The sweep value a selector's value picks: equal as values, then as written, then as numbers.
    private static func match(_ value: Value, written: String?, among entries: [Variant.Entry]) -> Variant.Entry? {
        if let same = entries.first(where: { $0.value == value }) { return same }
        if let written, let same = entries.first(where: { $0.text == written }) { return same }
        guard let number = value.doubleValue ?? value.stringValue.flatMap(Double.init), number.isFinite else { return nil }
        return entries.first { $0.value.doubleValue == number }
    }

    /// True when the sweep that declares `key` lists only literal values (no `${param}`), which
    /// no profile or `--set` can change.
    private func isLiteral(_ key: String, in space: VariantSpace) -> Bool {
        guard let origin = space.origins[key],
              let axis = document.steps.first(where: { $0.name == origin })?.sweep.first(where: { $0.key == key }) else { return false }
        return axis.values.allSatisfy { node in
            do { return try ScalarTemplate.of(node, file: file) == nil } catch { return false }
        }
    }
}
