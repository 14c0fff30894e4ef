internal import YAML
import LabCore

/// One entry of `claims:` as written: checked for shape, not yet against the steps (see
/// `ClaimChecker`).
///
///     - claim: Weighting improves long-range tokens over uniform
///       step: eval
///       metric: long.acc
///       variant: {scheme: "sparse(0.25)"}
///       baseline: {scheme: uniform}
///       expect: higher
struct ClaimDeclaration {
    typealias Selector = SelectorDeclaration

    static let keys = ["claim", "step", "metric", "variant", "baseline", "baseline_step", "expect"]

    var text: String
    /// The entry itself (the `- ` item).
    var mark: Mark
    var step: String
    var stepMark: Mark
    var metric: String
    var variant: Selector
    /// nil: the claim is about the variant's own mean.
    var baseline: Selector?
    /// `baseline_step: other`: the baseline is read from another step (same metric).
    var baselineStep: (name: String, mark: Mark)?
    var expectation: ResolvedClaim.Expectation
}

/// `variant: {scheme: uniform}` or `baseline: {…}` (of a claim or a figure): sweep key → value,
/// in the order written. Resolved by `SelectorResolver`.
struct SelectorDeclaration {
    var entries: [(key: String, keyMark: Mark, value: YAMLNode)]
    /// The mapping; nil when the selector is not written.
    var mark: Mark?

    static let none = SelectorDeclaration(entries: [], mark: nil)
}
