/// Everything the engine can refuse, with a message a person can act on.
public enum EngineError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A configuration field is out of range: the field's name and why.
    case invalidConfig(field: String, reason: String)
    /// An argument to a call (batch shape, window, token ids, options) is wrong.
    case invalidArgument(String)
    /// A checkpoint file cannot be used: the path and what is wrong with it.
    case badCheckpoint(path: String, reason: String)
    /// Reading or writing a file failed.
    case io(path: String, reason: String)
    /// Training or scoring stopped because the caller asked.
    case cancelled
    /// The loss or the gradients stopped being finite.
    case nonFinite(String)

    public var description: String {
        switch self {
        case let .invalidConfig(field, reason): return "invalid model config: \(field) \(reason)"
        case let .invalidArgument(message): return message
        case let .badCheckpoint(path, reason): return "bad checkpoint \(path): \(reason)"
        case let .io(path, reason): return "\(path): \(reason)"
        case .cancelled: return "cancelled"
        case let .nonFinite(what): return "\(what) is not finite (diverged?)"
        }
    }
}
