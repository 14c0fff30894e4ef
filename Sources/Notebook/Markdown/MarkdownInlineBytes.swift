/// `MarkdownInline` over the bytes of ASCII text: the same rules, read byte by byte instead of
/// Character by Character (splitting a note into Characters cost more than the rest of its
/// notebook cell). Only ASCII reaches it, so a byte is a Character and the Character
/// properties used (white space, letters and digits, punctuation) are their ASCII subsets.
enum MarkdownInlineBytes {
    typealias Bytes = ArraySlice<UInt8>

    static func render(_ text: Bytes) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count + text.count / 8)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            switch byte {
            case UInt8(ascii: "\\"):
                if index + 1 < text.endIndex, isEscapable(text[index + 1]) {
                    appendEscaped(text[index + 1], to: &output)
                    index += 2
                } else {
                    output.append(byte)
                    index += 1
                }
            case UInt8(ascii: "`"):
                output += codeSpan(text, &index)
            case UInt8(ascii: "*"), UInt8(ascii: "_"):
                output += emphasis(text, &index)
            case UInt8(ascii: "["):
                output += link(text, &index, image: false)
            case UInt8(ascii: "!") where index + 1 < text.endIndex && text[index + 1] == UInt8(ascii: "["):
                index += 1
                output += link(text, &index, image: true)
            case UInt8(ascii: "<"):
                output += autolink(text, &index)
            case 0:
                output += Array("<br>".utf8)
                index += 1
            default:
                appendEscaped(byte, to: &output)
                index += 1
            }
        }
        return output
    }

    private static func codeSpan(_ text: Bytes, _ index: inout Int) -> [UInt8] {
        let length = run(text, at: index)
        var search = index + length
        while search < text.endIndex {
            if text[search] == UInt8(ascii: "`") {
                let closing = run(text, at: search)
                if closing == length {
                    var code = text[(index + length)..<search].map { $0 == UInt8(ascii: "\n") ? UInt8(ascii: " ") : $0 }
                    if code.count >= 2 && code.first == UInt8(ascii: " ") && code.last == UInt8(ascii: " ")
                        && code.contains(where: { $0 != UInt8(ascii: " ") }) {
                        code = Array(code.dropFirst().dropLast())
                    }
                    index = search + closing
                    var out = Array("<code>".utf8)
                    for byte in code { appendEscaped(byte, to: &out) }
                    return out + Array("</code>".utf8)
                }
                search += closing
            } else {
                search += 1
            }
        }
        index += length
        return Array(repeating: UInt8(ascii: "`"), count: length)
    }

    private static func emphasis(_ text: Bytes, _ index: inout Int) -> [UInt8] {
        let mark = text[index]
        let length = run(text, at: index)
        let used = min(length, 3)
        let after = index + length
        let opens = after < text.endIndex && !isWhitespace(text[after])
            && (mark == UInt8(ascii: "*") || index == text.startIndex || !isWordCharacter(text[index - 1]))
        if opens, let closing = findClosing(text, from: after, mark: mark, length: used) {
            let inner = render(text[after..<closing])
            let leftover = [UInt8](repeating: mark, count: length - used)
            index = closing + used
            switch used {
            case 1: return leftover + Array("<em>".utf8) + inner + Array("</em>".utf8)
            case 2: return leftover + Array("<strong>".utf8) + inner + Array("</strong>".utf8)
            default: return leftover + Array("<strong><em>".utf8) + inner + Array("</em></strong>".utf8)
            }
        }
        index += length
        return [UInt8](repeating: mark, count: length)
    }

    private static func findClosing(_ text: Bytes, from start: Int, mark: UInt8, length: Int) -> Int? {
        var search = start
        while search < text.endIndex {
            let byte = text[search]
            if byte == UInt8(ascii: "`") {
                let ticks = run(text, at: search)
                if let end = closingTicks(text, from: search + ticks, length: ticks) {
                    search = end + ticks
                    continue
                }
                search += ticks
            } else if byte == UInt8(ascii: "\\") {
                search += 2
            } else if byte == mark {
                let closing = run(text, at: search)
                let end = search + closing
                let precededBySpace = isWhitespace(text[search - 1])
                let followedByWord = end < text.endIndex && isWordCharacter(text[end])
                if closing == length && search > start && !precededBySpace && !(mark == UInt8(ascii: "_") && followedByWord) {
                    return search
                }
                search = end
            } else {
                search += 1
            }
        }
        return nil
    }

    private static func closingTicks(_ text: Bytes, from start: Int, length: Int) -> Int? {
        var search = start
        while search < text.endIndex {
            if text[search] == UInt8(ascii: "`") {
                let closing = run(text, at: search)
                if closing == length { return search }
                search += closing
            } else {
                search += 1
            }
        }
        return nil
    }

    private static func link(_ text: Bytes, _ index: inout Int, image: Bool) -> [UInt8] {
        let open = index
        var depth = 0
        var close: Int?
        var search = open
        while search < text.endIndex {
            let byte = text[search]
            if byte == UInt8(ascii: "\\") { search += 2; continue }
            if byte == UInt8(ascii: "`"), let end = closingTicks(text, from: search + run(text, at: search),
                                                                length: run(text, at: search)) {
                search = end + run(text, at: end)
                continue
            }
            if byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { close = search; break }
            }
            search += 1
        }
        let unopened = Array((image ? "![" : "[").utf8)
        guard let labelEnd = close, labelEnd + 1 < text.endIndex, text[labelEnd + 1] == UInt8(ascii: "(") else {
            index += 1
            return unopened
        }
        var parentheses = 1
        var targetEnd = labelEnd + 2
        while targetEnd < text.endIndex {
            if text[targetEnd] == UInt8(ascii: "(") { parentheses += 1 }
            if text[targetEnd] == UInt8(ascii: ")") {
                parentheses -= 1
                if parentheses == 0 { break }
            }
            targetEnd += 1
        }
        guard targetEnd < text.endIndex else {
            index += 1
            return unopened
        }
        let target = String(decoding: text[(labelEnd + 2)..<targetEnd], as: UTF8.self).trimmingSpaces()
        // `url "title"`: the title is dropped; `<url>` loses its brackets.
        var url = target.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        if url.hasPrefix("<") && url.hasSuffix(">") { url = String(url.dropFirst().dropLast()) }
        let label = render(text[(open + 1)..<labelEnd])
        index = targetEnd + 1
        return Array("<a href=\"\(HTMLEscape.attribute(MarkdownInline.safeURL(url)))\">".utf8)
            + (image ? Array("image: ".utf8) : []) + label + Array("</a>".utf8)
    }

    private static func autolink(_ text: Bytes, _ index: inout Int) -> [UInt8] {
        var end = index + 1
        while end < text.endIndex && text[end] != UInt8(ascii: ">") && !isWhitespace(text[end])
                && text[end] != UInt8(ascii: "<") {
            end += 1
        }
        if end < text.endIndex && text[end] == UInt8(ascii: ">") {
            let url = String(decoding: text[(index + 1)..<end], as: UTF8.self)
            let lowered = url.lowercased()
            if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("mailto:") {
                index = end + 1
                let shown = lowered.hasPrefix("mailto:") ? String(url.dropFirst(7)) : url
                return Array("<a href=\"\(HTMLEscape.attribute(url))\">\(HTMLEscape.text(shown))</a>".utf8)
            }
        }
        index += 1
        return Array("&lt;".utf8)
    }

    private static func run(_ text: Bytes, at index: Int) -> Int {
        var end = index
        while end < text.endIndex && text[end] == text[index] { end += 1 }
        return end - index
    }

    static func appendEscaped(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "&"): output += Array("&amp;".utf8)
        case UInt8(ascii: "<"): output += Array("&lt;".utf8)
        case UInt8(ascii: ">"): output += Array("&gt;".utf8)
        case UInt8(ascii: "\""): output += Array("&quot;".utf8)
        case UInt8(ascii: "'"): output += Array("&#39;".utf8)
        default: output.append(byte)
        }
    }

    /// ASCII punctuation and symbols (`Character.isPunctuation || isSymbol` within ASCII).
    private static func isEscapable(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte)
            || (0x7B...0x7E).contains(byte)
    }

    /// `Character.isWhitespace` within ASCII: tab, line feed, vertical tab, form feed, CR, space.
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        (0x09...0x0D).contains(byte) || byte == 0x20
    }

    /// `Character.isLetter || isNumber` within ASCII.
    private static func isWordCharacter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
