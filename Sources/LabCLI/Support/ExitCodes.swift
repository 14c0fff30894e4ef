import LabCore

/// The one place where errors become exit codes and messages.
enum ExitCodes {
    static let success: Int32 = 0
    static let stepFailed: Int32 = 1
    static let usage: Int32 = 2
    static let recipe: Int32 = 65

    static func map(_ error: any Error) -> (Int32, String) {
        switch error {
        case let e as UsageError: return (usage, e.message)
        default: return (stepFailed, "\(error)")
        }
    }
}
