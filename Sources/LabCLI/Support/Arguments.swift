import LabCore

/// A small command-line parser: options (`--name value`, `--name=value`, `-j 4`), repeatable
/// options, flags and positionals, checked against what a command declares.
public struct Arguments {
    public private(set) var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// `options` take a value (long names without dashes, e.g. "profile", "set", "j");
    /// `flags` take none ("dry-run", "all", "help").
    public init(_ args: [String], options: Set<String>, flags: Set<String>) throws(UsageError) {
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let arg = args[i]
            i += 1
            if onlyPositionals || !arg.hasPrefix("-") || arg == "-" {
                positionals.append(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            var name = String(arg.drop(while: { $0 == "-" }))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if name == "h" { name = "help" }
            if flags.contains(name) {
                guard inline == nil else { throw UsageError("option --\(name) takes no value") }
                self.flags.insert(name)
            } else if options.contains(name) {
                let value: String
                if let inline { value = inline } else {
                    guard i < args.count else { throw UsageError("option \(arg) needs a value") }
                    value = args[i]
                    i += 1
                }
                values[name, default: []].append(value)
            } else {
                let known = options.map { "--" + $0 } + flags.map { "--" + $0 }
                throw UsageError("unknown option '\(arg)'" + Suggestion.hint(for: "--" + name, among: known))
            }
        }
    }

    public func flag(_ name: String) -> Bool { flags.contains(name) }
    public func value(_ name: String) -> String? { values[name]?.last }
    public func all(_ name: String) -> [String] { values[name] ?? [] }

    public func int(_ name: String) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let n = Int(text) else { throw UsageError("option --\(name) needs an integer, not '\(text)'") }
        return n
    }
}

/// A mistake in how a command was called: exit code 2.
public struct UsageError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
