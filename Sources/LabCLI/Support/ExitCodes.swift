import LabCore
import Ledger
import Pipeline
import Recipes

/// The one place where errors become exit codes and messages.
enum ExitCodes {
    static let success: Int32 = 0
    static let stepFailed: Int32 = 1
    static let usage: Int32 = 2
    static let recipe: Int32 = 65

    static func map(_ error: any Error) -> (Int32, String) {
        switch error {
        case let e as UsageError: return (usage, e.message)
        case let e as RecipeError: return (recipe, e.description)
        // A recipe whose steps cannot be ordered or keyed (a cycle, an unreadable input file) is
        // a recipe error too; a store or ledger failure is a runtime error.
        case let e as PipelineError:
            switch e {
            case .store, .recorder, .slurm: return (stepFailed, e.description)
            default: return (recipe, e.description)
            }
        // A bad --where expression or a refused `lab query` statement is a usage error (2);
        // everything else from the ledger (no runs yet, unknown run, SQLite trouble) is 1.
        case let e as LedgerError: return (e.isUsageError ? usage : stepFailed, e.description)
        default: return (stepFailed, "\(error)")
        }
    }
}
