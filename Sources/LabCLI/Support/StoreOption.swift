import Foundation
import Pipeline

/// `--store DIR` (or `LAB_STORE`): the shared artifact store beside the workspace's own.
enum StoreOption {
    static let option = "store"
    static let variable = "LAB_STORE"
    static let help = """
      --store DIR        a shared artifact store (default: $LAB_STORE): steps whose key is there
                         are fetched (every file rehashed on arrival) instead of computed, and
                         new results are published there (atomic rename, per-key lock)
    """

    /// The store the command line or the environment names; nil for none.
    static func directory(_ args: Arguments, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        guard let text = args.value(option) ?? environment[variable], !text.isEmpty else { return nil }
        return URL(fileURLWithPath: text, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    static func shared(_ args: Arguments) -> SharedStore? { directory(args).map { SharedStore(directory: $0) } }

    /// The store, required (`lab push`, `lab pull`).
    static func required(_ args: Arguments, command: String) throws -> SharedStore {
        guard let store = shared(args) else {
            throw UsageError("lab \(command) needs a store: --store DIR or \(variable)=DIR")
        }
        return store
    }
}
