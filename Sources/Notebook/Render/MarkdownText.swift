import LabCore

/// Building blocks of the Markdown notebook: tables, code fences, escaped cells, sparklines.
enum MarkdownText {
    /// A pipe table; `numeric` columns are right-aligned.
    static func table(header: [String], rows: [[String]], numeric: Set<Int> = []) -> String {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return "" }
        func line(_ cells: [String]) -> String {
            let padded = (0..<columns).map { $0 < cells.count ? cells[$0] : "" }
            return "| " + padded.joined(separator: " | ") + " |"
        }
        let headerCells = (0..<columns).map { $0 < header.count ? cell(header[$0]) : "" }
        let rule = (0..<columns).map { numeric.contains($0) ? "---:" : "---" }
        return ([line(headerCells), "|" + rule.joined(separator: "|") + "|"] + rows.map(line)).joined(separator: "\n")
    }

    /// Text for a table cell: pipes escaped, line breaks flattened.
    static func cell(_ text: String) -> String {
        // One pass over the scalars: this runs for every table cell of every notebook.
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x7C || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out.append("\\"); out.append("\\")
            case "|": out.append("\\"); out.append("|")
            case "\r": out.append(" ")
            case "\n": if !previousWasCR { out.append(" ") }
            default: out.append(scalar)
            }
            previousWasCR = scalar == "\r"
        }
        return String(out)
    }

    /// Inline code that survives backticks inside the text.
    static func code(_ text: String) -> String {
        let flattened = text.contains("\n") ? String(text.map { $0 == "\n" ? " " : $0 }) : text
        let longestRun = longestRun(of: "`", in: flattened)
        let fence = String(repeating: "`", count: longestRun + 1)
        let padding = flattened.hasPrefix("`") || flattened.hasSuffix("`") ? " " : ""
        return fence + padding + flattened + padding + fence
    }

    /// A fenced block whose fence is longer than any backtick run inside.
    static func fenced(_ text: String, language: String = "text") -> String {
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: text) + 1))
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        return "\(fence)\(language)\n\(body)\n\(fence)"
    }

    /// A note's headings demoted by `levels` (outside code fences) so that they sit under the cell's.
    static func demoteHeadings(_ markdown: String, by levels: Int) -> String {
        var inFence = false
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let text = String(line)
            if MarkdownLine.fence(text) != nil || (inFence && text.trimmingSpaces().hasPrefix("```")) {
                inFence.toggle()
                return text
            }
            guard !inFence, let heading = MarkdownLine.heading(text) else { return text }
            return String(repeating: "#", count: min(6, heading.level + levels)) + " " + heading.text
        }
        return lines.joined(separator: "\n")
    }

    /// `▁▂▄▇█`: the shape of a series in at most `width` characters (bucket means), scaled to
    /// `range` (series of one chart share it so that their sparklines compare) or its own extent.
    static func sparkline(_ values: [Double], width: Int = 24, range: ClosedRange<Double>? = nil) -> String {
        let finite = values.filter(\.isFinite).map(PlotLimit.clamp)
        guard let ownLow = finite.min(), let ownHigh = finite.max() else { return "" }
        let low = PlotLimit.clamp(range?.lowerBound ?? ownLow)
        let high = PlotLimit.clamp(range?.upperBound ?? ownHigh)
        let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let bucketCount = min(width, finite.count)
        var text = ""
        for bucket in 0..<bucketCount {
            let start = bucket * finite.count / bucketCount
            let end = max(start + 1, (bucket + 1) * finite.count / bucketCount)
            let mean = finite[start..<end].reduce(0, +) / Double(end - start)
            let level = high > low ? CheckedSize.clampedInt(((mean - low) / (high - low) * 7).rounded()) ?? 3 : 3
            text.append(bars[min(7, max(0, level))])
        }
        return text
    }

    private static func longestRun(of mark: Character, in text: String) -> Int {
        var longest = 0, current = 0
        for character in text {
            current = character == mark ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}
