import LabCore

extension ParamType {
    /// "an int", "a number", "a list of file", for messages.
    var article: String {
        switch self {
        case .int, .any: return "an \(self)"
        default: return "a \(self)"
        }
    }
}
