internal import YAML
import LabCore

/// Checks each claim against the steps and their sweeps once the variant spaces are known,
/// and resolves its selectors to the sweep values the variants carry:
///
/// - `step` and `baseline_step` name steps of the recipe;
/// - a selector names sweep keys of its step, every one but `rep` (a claim pools the
///   replicates of one condition, never two conditions);
/// - a value is matched to the sweep's values as written (`sparse(0.25)`, `"1e-3"`), by value,
///   or as a number (`0.001` picks a sweep written `1e-3`, `1` picks `1.0`). A value no variant
///   has is an error when the sweep's values are all literal; when they come from parameters a
///   profile may change them, and the claim is left to be inconclusive for want of replicates.
struct ClaimChecker {
    let document: RecipeDocument
    let spaces: [String: VariantSpace]
    let params: [String: Value]
    let file: String
    /// `--sweep` axes: a claim that leaves one open on its step is decided once per value.
    var parameterSweeps: [ParameterSweep] = []

    func check() throws(RecipeError) -> [ResolvedClaim] {
        var claims: [ResolvedClaim] = []
        for claim in document.claims {
            for fixed in openSweepValues(of: claim) { claims.append(try check(claim, fixed: fixed)) }
        }
        return claims
    }

    /// The combinations of `--sweep` values a claim's variant leaves open on its step (one empty
    /// combination when none): a claim pools the replicates of one condition, so a recipe's claim
    /// about `eval` becomes one claim per `lr` when `--sweep lr=…` sweeps `eval`.
    private func openSweepValues(of claim: ClaimDeclaration) -> [[Variant.Entry]] {
        let keys = spaces[claim.step]?.variants.first?.keys ?? []
        var combinations: [[Variant.Entry]] = [[]]
        for sweep in parameterSweeps where keys.contains(sweep.name) && !claim.variant.entries.contains(where: { $0.key == sweep.name }) {
            combinations = combinations.flatMap { fixed in sweep.entries.map { fixed + [$0] } }
        }
        return combinations
    }

    /// `fixed`: values of `--sweep` keys the claim's selectors do not name (`openSweepValues`).
    private func check(_ claim: ClaimDeclaration, fixed: [Variant.Entry]) throws(RecipeError) -> ResolvedClaim {
        let variant = try selector(claim.variant, role: "variant", step: claim.step, stepMark: claim.stepMark, fixed: fixed)
        var baseline: ResolvedClaim.Selector?
        if claim.baseline != nil || claim.baselineStep != nil {
            let declared = claim.baseline ?? ClaimDeclaration.Selector(entries: [], mark: nil)
            let step = claim.baselineStep ?? (claim.step, claim.stepMark)
            let selected = try selector(declared, role: "baseline", step: step.name, stepMark: step.mark, fixed: fixed)
            let variantValues = Value.object(Dictionary(variant.values.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
            if selected.step == variant.step, selected.values.count == variant.values.count, selected.matches(variantValues) {
                throw RecipeError(file: file, mark: declared.mark ?? step.mark, "the claim's baseline selects the same "
                                  + "replicates as its variant: compare with another condition, or leave 'baseline' out "
                                  + "to test the variant's own mean")
            }
            baseline = selected
        }
        let text = fixed.isEmpty ? claim.text : claim.text + " (" + fixed.map { "\($0.key)=\($0.text)" }.joined(separator: ", ") + ")"
        return ResolvedClaim(text: text, metric: claim.metric, variant: variant, baseline: baseline,
                             expectation: claim.expectation)
    }

    private func selector(_ declared: ClaimDeclaration.Selector, role: String, step: String,
                          stepMark: Mark, fixed: [Variant.Entry] = []) throws(RecipeError) -> ResolvedClaim.Selector {
        guard let space = spaces[step] else {
            let names = document.steps.map(\.name)
            throw RecipeError(file: file, mark: stepMark, "unknown step '\(step)' in a claim" + Suggestion.hint(for: step, among: names))
        }
        let keys = space.variants.first?.keys ?? []
        let file = self.file
        var resolver = ValueResolver(file: file, params: params, variant: nil) { reference, mark throws(RecipeError) in
            throw RecipeError(file: file, mark: mark, "a claim's value may only refer to parameters, not '\(reference.spelling)'")
        }
        var picks: [ResolvedClaim.Selector.Pick] = []
        for entry in declared.entries {
            if entry.key == Replicates.key {
                throw RecipeError(file: file, mark: entry.keyMark, "'\(Replicates.key)' numbers the replicates, which a claim "
                                  + "pools: leave it out of '\(role)'")
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
        for entry in fixed where keys.contains(entry.key) && !declared.entries.contains(where: { $0.key == entry.key }) {
            picks.append(.init(key: entry.key, value: entry.value))
        }
        let missing = keys.filter { key in key != Replicates.key && !picks.contains { $0.key == key } }
        guard missing.isEmpty else {
            let list = missing.map { "'\($0)'" }.joined(separator: ", ")
            throw RecipeError(file: file, mark: declared.mark ?? stepMark, "the claim's '\(role)' must give a value for "
                              + "every sweep key of step '\(step)' but '\(Replicates.key)': \(list) missing (a claim "
                              + "pools the replicates of one condition)")
        }
        // Values each present give a variant together: sweeps are grids, and joining grids on the
        // keys they share gives grids again.
        return ResolvedClaim.Selector(step: step, values: picks)
    }

    /// The distinct values of one sweep key among a space's variants, in grid order.
    private static func entries(of key: String, in space: VariantSpace) -> [Variant.Entry] {
        var seen: Set<String> = []
        var entries: [Variant.Entry] = []
        for variant in space.variants {
            for entry in variant.entries where entry.key == key && seen.insert(entry.text).inserted { entries.append(entry) }
        }
        return entries
    }

    /// The sweep value a claim's value picks: equal as values, then as written, then as numbers.
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
