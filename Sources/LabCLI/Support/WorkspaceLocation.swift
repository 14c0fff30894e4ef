import Foundation

/// Which workspace a command uses, found the way git finds its repository: `--home DIR` or
/// `LAB_HOME` name it outright; otherwise it is the nearest folder, from the current directory
/// up to the filesystem root, that holds `experiments/ledger.sqlite` — so `cd recipes && lab plan
/// x.yaml` plans against the workspace above, not an empty one. `LAB_CEILING_DIRECTORIES`
/// (colon-separated, like git's `GIT_CEILING_DIRECTORIES`) stops the search at those folders.
struct WorkspaceLocation: Equatable {
    enum Source: Equatable {
        /// `--home DIR` or `LAB_HOME`.
        case named
        /// A ledger found at or above the current directory.
        case found
        /// No workspace anywhere up the tree: `home` is the current directory.
        case none
    }

    var home: URL
    var source: Source
    /// Where the search started (the current directory).
    var start: URL
    /// The last folder searched: the root, or a ceiling.
    var top: URL

    /// True when the workspace is a folder above the current directory (said on stderr).
    var isAbove: Bool { source == .found && home.path != start.path }

    /// "/a/b/c and every folder above it" (or "… up to /a").
    var searchedDescription: String {
        top.path == "/" ? "\(start.path) and every folder above it" : "\(start.path) and the folders above it up to \(top.path)"
    }

    static let ceilingVariable = "LAB_CEILING_DIRECTORIES"

    static func locate(named: String?, currentDirectory: URL, environment: [String: String]) -> WorkspaceLocation {
        // A directory URL, so that a relative --home resolves inside it, not beside it.
        let start = URL(fileURLWithPath: currentDirectory.standardizedFileURL.path, isDirectory: true)
        if let named {
            let home = URL(fileURLWithPath: named, relativeTo: start).standardizedFileURL
            return WorkspaceLocation(home: home, source: .named, start: start, top: start)
        }
        let ceilings = Set((environment[ceilingVariable] ?? "").split(separator: ":").map {
            URL(fileURLWithPath: String($0)).standardizedFileURL.path
        })
        var folder = start
        while true {
            if FileManager.default.fileExists(atPath: ledger(in: folder)) {
                return WorkspaceLocation(home: folder, source: .found, start: start, top: folder)
            }
            let parent = folder.deletingLastPathComponent().standardizedFileURL
            if ceilings.contains(folder.path) || parent.path == folder.path || folder.path == "/" { break }
            folder = parent
        }
        return WorkspaceLocation(home: start, source: .none, start: start, top: folder)
    }

    static func ledger(in folder: URL) -> String {
        folder.appendingPathComponent("experiments").appendingPathComponent("ledger.sqlite").path
    }
}

/// What a command needs of the workspace, which decides what happens when none is found.
enum WorkspaceUse {
    /// `lab ops`, `lab bench`: none.
    case none
    /// Reads an existing one (`runs`, `show`, `results`, …): none found is an error.
    case reads
    /// `lab plan`: plans against an existing one, or as `lab run` would in a new one here.
    case plans
    /// `lab run`: uses an existing one, or makes one in the current directory and says so.
    case creates
}

/// No workspace at or above the current directory, for a command that reads one (exit 1).
struct NoWorkspaceError: Error, CustomStringConvertible {
    var location: WorkspaceLocation
    var description: String {
        "no workspace found (looked for experiments/ledger.sqlite in \(location.searchedDescription)); "
            + "run 'lab init' to make one here, or use --home DIR"
    }
}
