/// How a listing command prints: an aligned table fitted to the terminal (the default), CSV,
/// JSON or a Markdown table. `--json` is kept as another way to write `--format json`.
enum OutputFormat: String, CaseIterable {
    case table, csv, json, markdown

    static let help = "table (default), csv, json or markdown; --json is --format json"

    /// `--format NAME` and `--json`; both given must agree.
    static func parse(_ args: Arguments) throws(UsageError) -> OutputFormat {
        guard let text = args.value("format") else { return args.flag("json") ? .json : .table }
        guard let format = OutputFormat(rawValue: text.lowercased()) else {
            throw UsageError("--format takes table, csv, json or markdown, not '\(text)'")
        }
        if args.flag("json"), format != .json { throw UsageError("--json and --format \(text) disagree; give one") }
        return format
    }
}

extension TableFormatter {
    /// RFC 4180 CSV: a header line, then one line per row; a cell with a comma, a quote, a line
    /// break or surrounding spaces is quoted (quotes doubled). Cells are printed whole.
    func csv() -> String {
        func field(_ cell: String) -> String {
            let needsQuotes = cell.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
                || cell.first == " " || cell.last == " "
            return needsQuotes ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        var out = headers.map(field).joined(separator: ",") + "\n"
        for row in rows { out += (0..<headers.count).map { field($0 < row.count ? row[$0] : "") }.joined(separator: ",") + "\n" }
        return out
    }

    /// A GitHub-flavoured Markdown table; `|` escaped, line breaks as `<br>`.
    func markdown() -> String {
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
                .joined(separator: "<br>")
        }
        var out = "| " + headers.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: "---|", count: headers.count) + "\n"
        for row in rows {
            out += "| " + (0..<headers.count).map { cell($0 < row.count ? row[$0] : "") }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// The table in `format` (not JSON, which each command builds from its own objects);
    /// a table is fitted to `width`.
    func formatted(_ format: OutputFormat, width: Int?) -> (text: String, hidden: [String]) {
        switch format {
        case .csv: return (csv(), [])
        case .markdown: return (markdown(), [])
        case .table, .json: return layout(width: width)
        }
    }
}
