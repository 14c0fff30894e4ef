internal import YAML
import LabCore

/// `profiles: {smoke: {steps: 20}}`.
struct ProfileDeclaration {
    var name: String
    var keyMark: Mark
    var overrides: [(name: String, keyMark: Mark, value: YAMLNode)]
}
