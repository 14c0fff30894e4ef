internal import YAML
import LabCore

/// A recipe as written: checked for shape (keys, types of the top-level fields), not yet
/// resolved (no profile, overrides, sweeps or references applied).
struct RecipeDocument {
    var name: String
    var about: String?
    var seed: UInt64
    var params: [ParamDeclaration]
    var paramsMark: Mark?
    var profiles: [ProfileDeclaration]
    var profilesMark: Mark?
    var steps: [StepDeclaration]
}

/// `params: {steps: 2000}`: a parameter with its default and where it is declared.
struct ParamDeclaration {
    var name: String
    var value: Value
    var keyMark: Mark
}

/// `profiles: {smoke: {steps: 20}}`.
struct ProfileDeclaration {
    var name: String
    var keyMark: Mark
    var overrides: [(name: String, keyMark: Mark, value: YAMLNode)]
}

/// One entry of `steps:`.
struct StepDeclaration {
    var name: String
    var keyMark: Mark
    /// Position in the recipe (`ResolvedStep.order`).
    var index: Int
    var op: String
    var opMark: Mark
    var title: YAMLNode?
    var note: String?
    var with: [(key: String, keyMark: Mark, value: YAMLNode)]
    var sweep: [SweepAxis]
}

/// `sweep: {scheme: [uniform, dense(0.75)]}`: one key of a step's grid.
struct SweepAxis {
    var key: String
    var keyMark: Mark
    var values: [YAMLNode]
}
