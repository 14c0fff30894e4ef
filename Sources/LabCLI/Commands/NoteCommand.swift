import LabCore
import Ledger

/// `lab note RUN TEXT`: a few words on a run, shown by `lab show` and the JSON of `lab runs`.
enum NoteCommand: Command {
    static let name = "note"
    static let summary = "write a note on a run (lab show prints it), print it, or --clear it"
    static let usage = """
    Usage: lab note RUN "TEXT"
           lab note RUN
           lab note RUN --clear

    Sets the run's note to TEXT (replacing any earlier one; several words may be given
    unquoted, they are joined with spaces; line breaks are kept), prints the note without TEXT,
    or removes it with --clear. At most 4000 characters. lab show prints the note under the
    run's header; lab runs --format json and lab compare include it.

    \(RunReference.help)

      --clear   remove the note

    """
    static let flags: Set<String> = ["clear"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard let runText = args.positionals.first else { throw UsageError("expected a RUN: lab note RUN \"TEXT\"") }
        let words = args.positionals.dropFirst()
        if args.flag("clear"), !words.isEmpty { throw UsageError("--clear removes the note; give no TEXT with it") }
        let ledger = try LedgerStore.existing(inWorkspace: env.home)
        let id = try RunReference.resolve(runText, ledger: ledger, home: env.home)
        if args.flag("clear") {
            try ledger.setNote(nil, ofRun: id)
            env.output.line("run \(id): note removed")
        } else if words.isEmpty {
            guard let note = try ledger.run(id)?.note else { env.output.line("run \(id) has no note"); return 0 }
            env.output.line(note)
        } else {
            let text = words.joined(separator: " ")
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw UsageError("the note is empty; to remove a note: lab note RUN --clear")
            }
            try ledger.setNote(text, ofRun: id)
            env.output.line("run \(id): note saved")
        }
        return 0
    }
}
