import Foundation

/// The width tables are fitted to: `COLUMNS` when set to a number, else the terminal's width
/// when printing to one, else 100 (a pipe, a file, a test).
enum TerminalWidth {
    static let fallback = 100

    static func current(for output: TextOutput, environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if let text = environment["COLUMNS"], let columns = Int(text.trimmingCharacters(in: .whitespaces)), columns > 0 {
            return max(columns, 20)
        }
        if let columns = output.terminalColumns, columns > 0 { return max(columns, 20) }
        return fallback
    }
}

extension TextOutput {
    /// The terminal's width in columns, when printing to a terminal that says.
    var terminalColumns: Int? { terminalSize?.columns }

    /// The terminal's columns and rows, when printing to a terminal that says.
    var terminalSize: (columns: Int, rows: Int)? {
        guard isTerminal, let descriptor = fileDescriptor else { return nil }
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }
}
