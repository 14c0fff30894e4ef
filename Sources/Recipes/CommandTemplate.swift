/// A shell command's template rewritten so that no reference is ever pasted into the command
/// text: each `${…}` becomes a double-quoted environment variable (`${s}` → `"${LAB_P_s}"`,
/// `${sweep.k}` → `"${LAB_SWEEP_k}"`, `${steps.X}` → `"${LAB_STEP_X}"`, `${all.X}` →
/// `"${LAB_ALL_X}"`), and the referenced values travel in the step's environment.
struct CommandTemplate {
    /// A reference the shell would not expand where it is written.
    enum Misplacement { case singleQuoted, escaped }

    struct Placed {
        var reference: Reference
        var offset: Int
        var variable: String
        var misplacement: Misplacement?
    }

    /// The command text with references replaced by variables.
    var text: String
    var references: [Placed]

    init(_ template: Template) {
        var text = ""
        var references: [Placed] = []
        var scanner = ShellQuoteScanner()
        for segment in template.segments {
            switch segment {
            case .text(let chunk):
                text += chunk
                chunk.forEach { scanner.read($0) }
            case .reference(let reference, let offset):
                let variable = CommandTemplate.variable(for: reference)
                let misplacement: Misplacement? = scanner.isSingleQuoted ? .singleQuoted : scanner.isEscaped ? .escaped : nil
                references.append(Placed(reference: reference, offset: offset, variable: variable, misplacement: misplacement))
                // Inside double quotes the variable is already quoted; braces keep `${s}x` apart.
                text += scanner.isDoubleQuoted ? "${\(variable)}" : "\"${\(variable)}\""
                scanner.readExpansion()
            }
        }
        self.text = text
        self.references = references
    }

    /// `LAB_P_name`, with `-` (allowed in names, not in shell variables) written `_`.
    static func variable(for reference: Reference) -> String {
        switch reference {
        case .param(let name): return "LAB_P_" + shellSafe(name)
        case .sweep(let key): return "LAB_SWEEP_" + shellSafe(key)
        case .step(let name): return "LAB_STEP_" + shellSafe(name)
        case .all(let name): return "LAB_ALL_" + shellSafe(name)
        }
    }

    /// The `env` form to suggest instead: `env: {S: "${s}"}` and `"$S"`.
    static func envForm(of reference: Reference) -> (name: String, entry: String) {
        let base: String
        switch reference {
        case .param(let name), .sweep(let name), .step(let name), .all(let name): base = name
        }
        var name = shellSafe(base).uppercased()
        if name.first?.isNumber == true { name = "_" + name }
        return (name, "env: {\(name): \"\(reference.spelling)\"}")
    }

    private static func shellSafe(_ name: String) -> String {
        String(name.map { $0 == "-" ? "_" : $0 })
    }
}

/// Follows POSIX shell quoting through a command, one character at a time: single quotes,
/// double quotes, backslash escapes and `#` comments (enough to know whether a variable would
/// expand; an apostrophe in a comment opens nothing).
struct ShellQuoteScanner {
    private enum State { case plain, single, double, comment }
    private var state = State.plain
    private(set) var isEscaped = false
    /// True where a word may start (so a `#` begins a comment).
    private var atWordStart = true

    var isSingleQuoted: Bool { state == .single }
    var isDoubleQuoted: Bool { state == .double }

    mutating func read(_ c: Character) {
        let wasEscaped = isEscaped
        if wasEscaped { isEscaped = false } else { advance(c) }
        atWordStart = state == .plain && !wasEscaped && !isEscaped && (c.isWhitespace || ";&|()".contains(c))
    }

    private mutating func advance(_ c: Character) {
        switch (state, c) {
        case (.comment, "\n"): state = .plain
        case (.comment, _): break
        case (.single, "'"): state = .plain
        case (.single, _): break
        case (.plain, "#") where atWordStart: state = .comment
        case (.plain, "'"): state = .single
        case (.plain, "\""): state = .double
        case (.double, "\""): state = .plain
        case (_, "\\"): isEscaped = true
        default: break
        }
    }

    /// A variable expansion was written at this point.
    mutating func readExpansion() {
        isEscaped = false
        atWordStart = false
    }
}
