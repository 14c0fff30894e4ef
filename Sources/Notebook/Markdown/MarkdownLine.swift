/// What one line of Markdown starts, as far as the block parser cares.
enum MarkdownLine {
    /// Leading spaces (tabs count as four, already expanded).
    static func indent(_ line: String) -> Int {
        line.prefix { $0 == " " }.count
    }

    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " }
    }

    /// `#`–`######` heading: its level and text.
    static func heading(_ line: String) -> (level: Int, text: String)? {
        guard indent(line) <= 3 else { return nil }
        let trimmed = line.drop { $0 == " " }
        let hashes = trimmed.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = trimmed.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = rest.trimmingSpaces()
        // A closing run of #s preceded by a space is decoration, not text.
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing > 0 {
            let body = text.dropLast(closing)
            if body.isEmpty || body.last == " " { text = String(body).trimmingSpaces() }
        }
        return (hashes, text)
    }

    /// A line of three or more `-`, `*` or `_` (spaces allowed between).
    static func isRule(_ line: String) -> Bool {
        // Most lines are text: settled by their first mark before the line is filtered whole.
        guard indent(line) <= 3, let lead = line.first(where: { $0 != " " }), "-*_".contains(lead) else { return false }
        let marks = line.filter { $0 != " " }
        guard marks.count >= 3, let first = marks.first, "-*_".contains(first) else { return false }
        return marks.allSatisfy { $0 == first }
    }

    /// An opening code fence: its character, length and info string.
    static func fence(_ line: String) -> (mark: Character, length: Int, info: String)? {
        guard indent(line) <= 3 else { return nil }
        let trimmed = line.drop { $0 == " " }
        guard let mark = trimmed.first, mark == "`" || mark == "~" else { return nil }
        let length = trimmed.prefix { $0 == mark }.count
        guard length >= 3 else { return nil }
        let info = String(trimmed.dropFirst(length)).trimmingSpaces()
        if mark == "`" && info.contains("`") { return nil }
        return (mark, length, info)
    }

    static func closesFence(_ line: String, mark: Character, length: Int) -> Bool {
        guard indent(line) <= 3 else { return false }
        let trimmed = line.trimmingSpaces()
        return trimmed.count >= length && trimmed.allSatisfy { $0 == mark }
    }

    static func isQuote(_ line: String) -> Bool {
        indent(line) <= 3 && line.drop { $0 == " " }.first == ">"
    }

    /// A list item marker: `-`, `*`, `+` or `1.` / `1)`; `kind` tells lists apart,
    /// `contentIndent` is where the item's text begins.
    static func listMarker(_ line: String) -> (kind: String, ordered: Bool, start: Int, contentIndent: Int)? {
        let leading = indent(line)
        guard leading <= 3 else { return nil }
        // A marker starts with -, *, + or a digit: other lines are not split into Characters.
        guard let lead = line.dropFirst(leading).first, "-*+".contains(lead) || (lead.isASCII && lead.isNumber) else { return nil }
        let characters = Array(line.dropFirst(leading))
        guard let first = characters.first else { return nil }
        var markerWidth = 0
        var kind = ""
        var ordered = false
        var start = 1
        if "-*+".contains(first) {
            markerWidth = 1
            kind = String(first)
        } else {
            let digits = characters.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count), digits.count < characters.count else { return nil }
            let delimiter = characters[digits.count]
            guard delimiter == "." || delimiter == ")" else { return nil }
            markerWidth = digits.count + 1
            kind = String(delimiter)
            ordered = true
            start = Int(String(digits)) ?? 1
        }
        let afterMarker = characters.dropFirst(markerWidth)
        if afterMarker.isEmpty { return (kind, ordered, start, leading + markerWidth + 1) }
        let spaces = afterMarker.prefix { $0 == " " }.count
        guard spaces >= 1 else { return nil }
        // Five or more spaces: the item starts with indented code; take one space as the gap.
        let gap = spaces > 4 ? 1 : spaces
        return (kind, ordered, start, leading + markerWidth + gap)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces; walks in from both ends only (a long paragraph
    /// line is not split into characters whole).
    func trimmingSpaces() -> String {
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[first...last])
    }
}
