internal import YAML
import LabCore

/// `params: {steps: 2000}`: a parameter with its default and where it is declared.
struct ParamDeclaration {
    var name: String
    var value: Value
    var keyMark: Mark
}
