import Foundation
import Kernels
import LabCore

/// Entry point of the `lab` command; returns the process exit code.
///
/// Exit codes: 0 success; 1 a step failed (or a runtime error); 2 usage error;
/// 65 a recipe error (with file:line:column).
public enum LabCommand {
    /// Every subcommand, in the order `lab --help` lists them.
    static let commands: [any Command.Type] = [
        RunCommand.self,
        PlanCommand.self,
        InitCommand.self,
        OpsCommand.self,
        RunsCommand.self,
        ShowCommand.self,
        ResultsCommand.self,
        CompareCommand.self,
        NotebookCommand.self,
        QueryCommand.self,
        TagCommand.self,
        NoteCommand.self,
        RemoveCommand.self,
        GCCommand.self,
        FsckCommand.self,
        ExportCommand.self,
        VerifyCommand.self,
        PushCommand.self,
        PullCommand.self,
        ExportModelCommand.self,
        ImportModelCommand.self,
        BenchCommand.self,
    ]
    /// Commands lab runs itself, not listed by `lab --help` (a Slurm job's `step-job`).
    static let hiddenCommands: [any Command.Type] = [StepJobCommand.self]

    public static func main(_ arguments: [String], output: FileHandle? = nil) -> Int32 {
        CPUCheck.requireKernelSupport()   // before any code built for AVX2 runs (Package.swift)
        if let probeStatus = BLASStartup.probeIfAsked() { return probeStatus }
        BLASStartup.mayReexecute = true
        BLASStartup.chooseCore(for: arguments)   // may re-execute lab under a better OpenBLAS core
        BLAS.stopIdleWorkers()
        let out = TextOutput.standardOutput, err = TextOutput.standardError
        return run(arguments, output: out, errors: err)
    }

    static func run(_ arguments: [String], output: TextOutput, errors: TextOutput) -> Int32 {
        var args = arguments
        // --home DIR may come before the subcommand.
        var home: String? = ProcessInfo.processInfo.environment["LAB_HOME"]
        if let missing = Self.homeWithoutValue(args) {
            errors.line("lab: --home needs a directory: lab --home DIR COMMAND (\(missing))")
            return 2
        }
        while let first = args.first, first.hasPrefix("--home") {
            if first == "--home", args.count >= 2 { home = args[1]; args.removeFirst(2) }
            else if first.hasPrefix("--home=") { home = String(first.dropFirst(7)); args.removeFirst() }
            else { break }
        }
        guard let name = args.first, name != "--help", name != "-h", name != "help" else {
            output.write(usage)
            return arguments.isEmpty ? 2 : 0
        }
        if name == "--version" { output.line("lab \(LabVersion.string)"); return 0 }
        guard let command = (commands + hiddenCommands).first(where: { $0.name == name }) else {
            errors.line("lab: unknown command '\(name)'" + Suggestion.hint(for: name, among: commands.map { $0.name }))
            errors.line("Run 'lab --help' for the list of commands.")
            return 2
        }
        do {
            var rest = Array(args.dropFirst())
            // --home is accepted after the subcommand too.
            var i = 0
            while i < rest.count {
                if rest[i] == "--home", i + 1 < rest.count { home = rest[i + 1]; rest.removeSubrange(i...(i + 1)); continue }
                if rest[i].hasPrefix("--home=") { home = String(rest[i].dropFirst(7)); rest.remove(at: i); continue }
                if rest[i] == "--" { break }
                i += 1
            }
            let parsed = try Arguments(rest, options: command.options, flags: command.flags.union(["help"]))
            if parsed.flag("help") { output.write(command.usage); return 0 }
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let location = WorkspaceLocation.locate(named: home, currentDirectory: cwd,
                                                    environment: ProcessInfo.processInfo.environment)
            if command.workspaceUse == .reads, location.source == .none { throw NoWorkspaceError(location: location) }
            if command.workspaceUse != .none, location.isAbove {
                errors.line("lab: using the workspace in \(location.home.path) (found above the current directory)")
            }
            let env = CommandEnvironment(location: location, output: output, errors: errors)
            return try command.run(parsed, env)
        } catch {
            let (code, message) = ExitCodes.map(error)
            errors.line("lab \(name): " + message)
            if code == 2 { errors.line("Run 'lab \(name) --help' for usage.") }
            return code
        }
    }

    static var usage: String {
        var text = """
        lab — a notebook-style experiment runner for long-context language-model research.

        Usage: lab [--home DIR] COMMAND [OPTIONS]

        Commands:

        """
        // Names in one column as wide as the longest (export-model) and two spaces.
        let width = max(10, (commands.map { $0.name.count }.max() ?? 8) + 2)
        for c in commands { text += "  " + c.name.padding(toLength: width, withPad: " ", startingAt: 0) + c.summary + "\n" }
        text += """

        The workspace (experiments/ and artifacts/) is --home DIR, or LAB_HOME, or else the nearest
        folder at or above the current directory that holds experiments/ledger.sqlite (as git finds
        its repository; said on stderr when it is above). 'lab init' makes one; 'lab run' makes one
        in the current directory when none is found.
        Exit codes: 0 success, 1 a step failed (or a runtime error), 2 usage error, 65 recipe error,
        130 interrupted (Ctrl-C, SIGTERM, SIGHUP).
        Run 'lab COMMAND --help' for a command's options.

        """
        return text
    }
}
