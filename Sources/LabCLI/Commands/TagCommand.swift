import LabCore
import Ledger

/// `lab tag RUN TAG…`: labels a run, so that `lab runs --tag TAG` finds it.
enum TagCommand: Command {
    static let name = "tag"
    static let summary = "add tags to a run (or --remove them); lab runs --tag TAG lists the runs tagged"
    static let usage = """
    Usage: lab tag RUN TAG...
           lab tag RUN --remove TAG...
           lab tag RUN

    Adds each TAG to the run (a tag it already has is kept once), or with --remove takes them
    off (a tag the run does not have is an error, and nothing is removed); without a TAG,
    prints the run's tags. Prints the run's tags afterwards. A tag starts with a letter or a
    digit and has only letters, digits and '. _ - : / + =' (no spaces or commas), at most 64
    characters. lab runs shows the tags and lists only the runs carrying one with --tag TAG;
    lab rm removes a run's tags with it.

    \(RunReference.help)

      --remove   remove the tags instead of adding them

    """
    static let flags: Set<String> = ["remove"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard let runText = args.positionals.first else { throw UsageError("expected a RUN and tags: lab tag RUN TAG...") }
        let tags = Array(args.positionals.dropFirst())
        if args.flag("remove"), tags.isEmpty { throw UsageError("--remove needs the tags to remove: lab tag RUN --remove TAG...") }
        let ledger = try LedgerStore.existing(inWorkspace: env.home)
        let id = try RunReference.resolve(runText, ledger: ledger, home: env.home)
        let now: [String]
        if tags.isEmpty {
            now = try ledger.run(id)?.tags ?? []
        } else if args.flag("remove") {
            now = try ledger.removeTags(tags, fromRun: id)
        } else {
            now = try ledger.addTags(tags, toRun: id)
        }
        env.output.line("run \(id): " + (now.isEmpty ? "no tags" : "tags " + now.joined(separator: ", ")))
        return 0
    }
}
