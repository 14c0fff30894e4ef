extension LabCommand {
    /// What was typed when `--home` has no directory after it (last word, or `--home=`), else nil:
    /// without this check `lab --home` reads as an unknown command named `--home`.
    static func homeWithoutValue(_ args: [String]) -> String? {
        let words = args.prefix { $0 != "--" }
        if words.last == "--home" { return "nothing after --home" }
        if words.contains("--home=") { return "an empty --home=" }
        return nil
    }
}
