import LabCore

/// What can go wrong when reading a weighting scheme or computing weights.
///
/// Parse-time cases (`unknownScheme`, `syntax`, `badParameter`) are recipe mistakes; the
/// operation that reads the scheme turns them into `OperationError.badParameter` with
/// `asOperationError(parameter:)`. Run-time cases (`shapeMismatch`, `nonFinite`) become
/// `OperationError.failed`.
public enum TokenWeightingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A scheme name that is not one of ours, with the nearest known name if one is close.
    case unknownScheme(String, suggestion: String?)
    /// A spec that does not follow the grammar (see WEIGHTS.md): the spec and what is wrong.
    case syntax(spec: String, message: String)
    /// A parameter out of range or misspelt: its name (`kappa`, `lambda`, `gamma`, `shift`,
    /// `transforms`, `normalisation`, ...) and a message that names the symbol and the value.
    case badParameter(String, String)
    /// Buffers whose lengths disagree (long vs short losses, mask, batch shape).
    case shapeMismatch(String)
    /// A weight came out NaN or infinite (an input loss was, or exp overflowed untruncated).
    case nonFinite(String)

    public var description: String {
        switch self {
        case .unknownScheme(let name, let suggestion):
            let known = TokenWeightScheme.names.joined(separator: ", ")
            if let suggestion { return "unknown scheme '\(name)' (did you mean '\(suggestion)'?)" }
            return "unknown scheme '\(name)' (known: \(known))"
        case .syntax(let spec, let message):
            return "cannot read scheme '\(spec)': \(message)"
        case .badParameter(let name, let message):
            return "\(name): \(message)"
        case .shapeMismatch(let message):
            return "token weights: \(message)"
        case .nonFinite(let message):
            return "token weights: \(message)"
        }
    }

    /// The operation-level error: recipe mistakes name `parameter` (the recipe path of the
    /// scheme, e.g. `weights.scheme`); numeric failures become `.failed`.
    public func asOperationError(parameter: String) -> OperationError {
        switch self {
        case .unknownScheme, .syntax, .badParameter:
            return .badParameter(parameter, description)
        case .shapeMismatch, .nonFinite:
            return .failed(description)
        }
    }
}
