internal import YAML
import LabCore

/// Checks each claim against the steps and their sweeps once the variant spaces are known,
/// and resolves its selectors to the sweep values the variants carry (`SelectorResolver`):
/// `step` and `baseline_step` name steps of the recipe, and a selector names every sweep key of
/// its step but `rep` (a claim pools the replicates of one condition, never two conditions).
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

    /// One claim per combination of `--sweep` values its variant leaves open on its step.
    private func openSweepValues(of claim: ClaimDeclaration) -> [[Variant.Entry]] {
        SelectorResolver(document: document, spaces: spaces, params: params, file: file)
            .openSweepValues(parameterSweeps, selections: [(claim.step, claim.variant)])
    }

    /// `fixed`: values of `--sweep` keys the claim's selectors do not name (`openSweepValues`).
    private func check(_ claim: ClaimDeclaration, fixed: [Variant.Entry]) throws(RecipeError) -> ResolvedClaim {
        let variant = try selector(claim.variant, role: "variant", step: claim.step, stepMark: claim.stepMark, fixed: fixed)
        var baseline: ResolvedClaim.Selector?
        if claim.baseline != nil || claim.baselineStep != nil {
            let declared = claim.baseline ?? SelectorDeclaration.none
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

    private func selector(_ declared: SelectorDeclaration, role: String, step: String,
                          stepMark: Mark, fixed: [Variant.Entry] = []) throws(RecipeError) -> ResolvedClaim.Selector {
        try SelectorResolver(document: document, spaces: spaces, params: params, file: file)
            .resolve(declared, role: role, step: step, stepMark: stepMark, owner: "claim", fixed: fixed)
    }
}
