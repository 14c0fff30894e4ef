internal import YAML
import LabCore

/// A recipe as written: checked for shape (keys, types of the top-level fields), not yet
/// resolved (no profile, overrides, sweeps or references applied).
struct RecipeDocument {
    var name: String
    var about: String?
    var seed: SeedDeclaration
    var params: [ParamDeclaration]
    var paramsMark: Mark?
    var profiles: [ProfileDeclaration]
    var profilesMark: Mark?
    var steps: [StepDeclaration]
    /// `claims:`, checked against the steps by `ClaimChecker` once their sweeps are known.
    var claims: [ClaimDeclaration]
    /// `figures:`, checked against the steps by `FigureChecker` once their sweeps are known.
    var figures: [FigureDeclaration]
}
