import Foundation

/// One `lab` subcommand. `run` returns the exit code; errors thrown from it are mapped to exit
/// codes by `LabCommand` (the only place that does so).
protocol Command: Sendable {
    /// `run`, `plan`, ...
    static var name: String { get }
    /// One line for `lab --help`.
    static var summary: String { get }
    /// Full usage text for `lab NAME --help`.
    static var usage: String { get }
    static var options: Set<String> { get }
    static var flags: Set<String> { get }
    /// What it needs of the workspace (decides what happens when none is found).
    static var workspaceUse: WorkspaceUse { get }
    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32
}

extension Command {
    static var options: Set<String> { [] }
    static var flags: Set<String> { [] }
    static var workspaceUse: WorkspaceUse { .reads }
}

/// What every command may need: the workspace and where to print.
struct CommandEnvironment {
    /// The workspace: `--home DIR`, else `LAB_HOME`, else the nearest folder at or above the
    /// current directory with a ledger, else the current directory (`location` says which).
    var home: URL { location.home }
    var location: WorkspaceLocation
    var output: TextOutput
    var errors: TextOutput

    var experimentsDirectory: URL { home.appendingPathComponent("experiments") }
    var artifactsDirectory: URL { home.appendingPathComponent("artifacts") }
    var ledgerPath: String { experimentsDirectory.appendingPathComponent("ledger.sqlite").path }
}

/// A place to print: standard output or standard error, or a buffer in tests.
final class TextOutput: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: FileHandle?
    private(set) var buffer = ""

    init(_ handle: FileHandle?) { self.handle = handle }

    static var standardOutput: TextOutput { TextOutput(FileHandle.standardOutput) }
    static var standardError: TextOutput { TextOutput(FileHandle.standardError) }

    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        if let handle { handle.write(Data(text.utf8)) } else { buffer += text }
    }

    func line(_ text: String = "") { write(text + "\n") }

    /// True when printing to a terminal (live progress lines are drawn only then).
    var isTerminal: Bool { handle.map { isatty($0.fileDescriptor) != 0 } ?? false }

    /// The file descriptor printed to; nil for a buffer.
    var fileDescriptor: Int32? { handle?.fileDescriptor }
}
