/// What can go wrong in this module: only writing the files (rendering cannot fail).
public enum NotebookError: Error, CustomStringConvertible, Sendable {
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .writeFailed(let path, let reason): return "cannot write notebook '\(path)': \(reason)"
        }
    }
}
