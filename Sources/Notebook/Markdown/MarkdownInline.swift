/// The inline level of `MarkdownHTML`: code spans, emphasis, strong, links, autolinks,
/// backslash escapes and hard breaks. All other text is escaped.
enum MarkdownInline {
    static func render(_ text: String) -> String {
        // ASCII text (notes and titles mostly are) is rendered from its bytes; other text by
        // Characters, whose properties (letters, white space) decide emphasis beyond ASCII. A
        // CR is left to the Characters too: "\r\n" is one Character there.
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            return String(decoding: MarkdownInlineBytes.render(Array(text.utf8)[...]), as: UTF8.self)
        }
        return render(Array(text))
    }

    static func render(_ characters: [Character]) -> String {
        var output = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                if index + 1 < characters.count, isEscapable(characters[index + 1]) {
                    output += HTMLEscape.text(String(characters[index + 1]))
                    index += 2
                } else {
                    output += "\\"
                    index += 1
                }
            case "`":
                output += codeSpan(characters, &index)
            case "*", "_":
                output += emphasis(characters, &index)
            case "[":
                output += link(characters, &index, image: false)
            case "!" where index + 1 < characters.count && characters[index + 1] == "[":
                index += 1
                output += link(characters, &index, image: true)
            case "<":
                output += autolink(characters, &index)
            case "\u{0}":
                output += "<br>"
                index += 1
            default:
                output += HTMLEscape.text(String(character))
                index += 1
            }
        }
        return output
    }

    /// A run of n backticks up to the next run of exactly n; otherwise the backticks are text.
    private static func codeSpan(_ characters: [Character], _ index: inout Int) -> String {
        let length = run(characters, at: index)
        var search = index + length
        while search < characters.count {
            if characters[search] == "`" {
                let closing = run(characters, at: search)
                if closing == length {
                    var code = String(characters[(index + length)..<search]).replacingOccurrences(of: "\n", with: " ")
                    if code.count >= 2 && code.hasPrefix(" ") && code.hasSuffix(" ") && code.contains(where: { $0 != " " }) {
                        code = String(code.dropFirst().dropLast())
                    }
                    index = search + closing
                    return "<code>\(HTMLEscape.text(code))</code>"
                }
                search += closing
            } else {
                search += 1
            }
        }
        index += length
        return String(repeating: "`", count: length)
    }

    /// `*em*`, `**strong**`, `***both***` (and with `_`, which must sit at word boundaries so that
    /// `snake_case_names` stay as they are).
    private static func emphasis(_ characters: [Character], _ index: inout Int) -> String {
        let mark = characters[index]
        let length = run(characters, at: index)
        let used = min(length, 3)
        let after = index + length
        let opens = after < characters.count && !characters[after].isWhitespace
            && (mark == "*" || index == 0 || !isWordCharacter(characters[index - 1]))
        if opens, let closing = findClosing(characters, from: after, mark: mark, length: used) {
            let inner = render(Array(characters[after..<closing]))
            let leftover = String(repeating: String(mark), count: length - used)
            index = closing + used
            switch used {
            case 1: return leftover + "<em>\(inner)</em>"
            case 2: return leftover + "<strong>\(inner)</strong>"
            default: return leftover + "<strong><em>\(inner)</em></strong>"
            }
        }
        index += length
        return String(repeating: String(mark), count: length)
    }

    /// The start of a closing run of exactly `length` marks, skipping code spans.
    private static func findClosing(_ characters: [Character], from start: Int, mark: Character, length: Int) -> Int? {
        var search = start
        while search < characters.count {
            let character = characters[search]
            if character == "`" {
                let ticks = run(characters, at: search)
                if let end = closingTicks(characters, from: search + ticks, length: ticks) {
                    search = end + ticks
                    continue
                }
                search += ticks
            } else if character == "\\" {
                search += 2
            } else if character == mark {
                let closing = run(characters, at: search)
                let end = search + closing
                let precededBySpace = characters[search - 1].isWhitespace
                let followedByWord = end < characters.count && isWordCharacter(characters[end])
                if closing == length && search > start && !precededBySpace && !(mark == "_" && followedByWord) {
                    return search
                }
                search = end
            } else {
                search += 1
            }
        }
        return nil
    }

    private static func closingTicks(_ characters: [Character], from start: Int, length: Int) -> Int? {
        var search = start
        while search < characters.count {
            if characters[search] == "`" {
                let closing = run(characters, at: search)
                if closing == length { return search }
                search += closing
            } else {
                search += 1
            }
        }
        return nil
    }

    /// `[text](url)`; an image `![alt](url)` becomes a link too, so that a notebook never loads
    /// anything from outside.
    private static func link(_ characters: [Character], _ index: inout Int, image: Bool) -> String {
        let open = index
        var depth = 0
        var close: Int?
        var search = open
        while search < characters.count {
            let character = characters[search]
            if character == "\\" { search += 2; continue }
            if character == "`", let end = closingTicks(characters, from: search + run(characters, at: search),
                                                        length: run(characters, at: search)) {
                search = end + run(characters, at: end)
                continue
            }
            if character == "[" { depth += 1 }
            if character == "]" {
                depth -= 1
                if depth == 0 { close = search; break }
            }
            search += 1
        }
        guard let labelEnd = close, labelEnd + 1 < characters.count, characters[labelEnd + 1] == "(" else {
            index += 1
            return image ? "!" + "[" : "["
        }
        var parentheses = 1
        var targetEnd = labelEnd + 2
        while targetEnd < characters.count {
            if characters[targetEnd] == "(" { parentheses += 1 }
            if characters[targetEnd] == ")" {
                parentheses -= 1
                if parentheses == 0 { break }
            }
            targetEnd += 1
        }
        guard targetEnd < characters.count else {
            index += 1
            return image ? "![" : "["
        }
        let target = String(characters[(labelEnd + 2)..<targetEnd]).trimmingSpaces()
        // `url "title"`: the title is dropped; `<url>` loses its brackets.
        var url = target.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        if url.hasPrefix("<") && url.hasSuffix(">") { url = String(url.dropFirst().dropLast()) }
        let label = render(Array(characters[(open + 1)..<labelEnd]))
        index = targetEnd + 1
        let text = image ? "image: \(label)" : label
        return "<a href=\"\(HTMLEscape.attribute(safeURL(url)))\">\(text)</a>"
    }

    /// `<https://…>` or `<mailto:…>`; any other `<` is text.
    private static func autolink(_ characters: [Character], _ index: inout Int) -> String {
        var end = index + 1
        while end < characters.count && characters[end] != ">" && !characters[end].isWhitespace
                && characters[end] != "<" {
            end += 1
        }
        if end < characters.count && characters[end] == ">" {
            let url = String(characters[(index + 1)..<end])
            let lowered = url.lowercased()
            if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("mailto:") {
                index = end + 1
                let shown = lowered.hasPrefix("mailto:") ? String(url.dropFirst(7)) : url
                return "<a href=\"\(HTMLEscape.attribute(url))\">\(HTMLEscape.text(shown))</a>"
            }
        }
        index += 1
        return "&lt;"
    }

    /// http(s), mailto and relative targets pass; `javascript:` and every other scheme become `#`.
    static func safeURL(_ url: String) -> String {
        // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
        let lowered = String(url.lowercased().unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7f })
        guard let colon = lowered.firstIndex(of: ":") else { return url }
        let beforeColon = lowered[..<colon]
        if beforeColon.contains(where: { "/?#".contains($0) }) { return url }   // relative, colon later
        let scheme = String(beforeColon)
        return ["http", "https", "mailto"].contains(scheme) ? url : "#"
    }

    private static func run(_ characters: [Character], at index: Int) -> Int {
        var end = index
        while end < characters.count && characters[end] == characters[index] { end += 1 }
        return end - index
    }

    private static func isEscapable(_ character: Character) -> Bool {
        character.isASCII && (character.isPunctuation || character.isSymbol)
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }
}
