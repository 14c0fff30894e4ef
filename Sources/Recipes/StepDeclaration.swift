internal import YAML
import LabCore

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
