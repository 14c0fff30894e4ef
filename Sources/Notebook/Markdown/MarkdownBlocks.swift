/// The block level of `MarkdownHTML`: splits lines into headings, code, lists, quotes and
/// paragraphs, recursing into list items and quotes.
struct MarkdownBlocks {
    let headingOffset: Int

    /// Lines with tabs expanded and NULs (our hard-break sentinel) removed.
    static func lines(of text: String) -> [String] {
        let normalized = !text.utf8.contains(0x0D) ? text
            : text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return normalized.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            // Most lines have neither a tab nor a NUL: copied, not walked Character by Character.
            if !line.utf8.contains(where: { $0 == 0x09 || $0 == 0 }) { return String(line) }
            var expanded = ""
            for character in line where character != "\u{0}" {
                if character == "\t" {
                    expanded += String(repeating: " ", count: 4 - expanded.count % 4)
                } else {
                    expanded.append(character)
                }
            }
            return expanded
        }
    }

    /// HTML for the lines; in a tight list item paragraphs are written without `<p>`.
    func render(_ lines: [String], tight: Bool) -> String {
        var output: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if MarkdownLine.isBlank(line) {
                index += 1
            } else if let fence = MarkdownLine.fence(line) {
                output.append(fencedCode(lines, &index, fence: fence))
            } else if let heading = MarkdownLine.heading(line) {
                output.append(headingHTML(level: heading.level, text: heading.text))
                index += 1
            } else if MarkdownLine.isRule(line) {
                output.append("<hr>")
                index += 1
            } else if MarkdownLine.isQuote(line) {
                output.append(quote(lines, &index))
            } else if MarkdownLine.listMarker(line) != nil {
                output.append(list(lines, &index))
            } else if MarkdownLine.indent(line) >= 4 {
                output.append(indentedCode(lines, &index))
            } else {
                output.append(paragraph(lines, &index, tight: tight))
            }
        }
        return output.joined(separator: "\n")
    }

    private func headingHTML(level: Int, text: String) -> String {
        let shown = min(6, max(1, level + headingOffset))
        return "<h\(shown)>\(MarkdownInline.render(text))</h\(shown)>"
    }

    private func fencedCode(_ lines: [String], _ index: inout Int,
                            fence: (mark: Character, length: Int, info: String)) -> String {
        let openingIndent = MarkdownLine.indent(lines[index])
        index += 1
        var body: [String] = []
        while index < lines.count && !MarkdownLine.closesFence(lines[index], mark: fence.mark, length: fence.length) {
            // Content loses up to the opening fence's indentation.
            let line = lines[index]
            body.append(String(line.dropFirst(min(openingIndent, MarkdownLine.indent(line)))))
            index += 1
        }
        index += 1   // the closing fence (or the end of the text)
        let language = fence.info.split(separator: " ").first.map(String.init) ?? ""
        let classAttribute = language.isEmpty ? "" : " class=\"language-\(HTMLEscape.attribute(language))\""
        let code = body.map(HTMLEscape.text).joined(separator: "\n")
        return "<pre><code\(classAttribute)>\(code)\(body.isEmpty ? "" : "\n")</code></pre>"
    }

    private func indentedCode(_ lines: [String], _ index: inout Int) -> String {
        var body: [String] = []
        while index < lines.count && (MarkdownLine.indent(lines[index]) >= 4 || MarkdownLine.isBlank(lines[index])) {
            body.append(String(lines[index].dropFirst(4)))
            index += 1
        }
        while let last = body.last, MarkdownLine.isBlank(last) { body.removeLast() }
        return "<pre><code>\(body.map(HTMLEscape.text).joined(separator: "\n"))\n</code></pre>"
    }

    private func quote(_ lines: [String], _ index: inout Int) -> String {
        var inner: [String] = []
        while index < lines.count && MarkdownLine.isQuote(lines[index]) {
            var content = lines[index].drop { $0 == " " }.dropFirst()
            if content.first == " " { content = content.dropFirst() }
            inner.append(String(content))
            index += 1
        }
        return "<blockquote>\n\(render(inner, tight: false))\n</blockquote>"
    }

    /// Paragraph lines run until a blank line or the start of another block. A following `===`
    /// or `---` line makes them a (setext) heading instead.
    private func paragraph(_ lines: [String], _ index: inout Int, tight: Bool) -> String {
        var text: [String] = []
        while index < lines.count {
            let line = lines[index]
            if !text.isEmpty {
                let trimmed = line.trimmingSpaces()
                if MarkdownLine.indent(line) <= 3 && !trimmed.isEmpty
                    && (trimmed.allSatisfy({ $0 == "=" }) || trimmed.allSatisfy({ $0 == "-" })) {
                    index += 1
                    return headingHTML(level: trimmed.first == "=" ? 1 : 2, text: text.joined(separator: " "))
                }
                if startsBlock(line) { break }
            }
            if MarkdownLine.isBlank(line) { break }
            text.append(line)
            index += 1
        }
        // Two trailing spaces or a backslash end a line with a hard break.
        let joined = text.enumerated().map { offset, line -> String in
            let isLast = offset == text.count - 1
            if !isLast && line.hasSuffix("  ") { return line.trimmingSpaces() + "\u{0}" }
            if !isLast && line.hasSuffix("\\") { return String(line.dropLast()).trimmingSpaces() + "\u{0}" }
            return line.trimmingSpaces()
        }.joined(separator: "\n")
        let body = MarkdownInline.render(joined)
        return tight ? body : "<p>\(body)</p>"
    }

    /// Whether `line` interrupts a paragraph.
    private func startsBlock(_ line: String) -> Bool {
        if MarkdownLine.fence(line) != nil || MarkdownLine.heading(line) != nil || MarkdownLine.isQuote(line) {
            return true
        }
        if MarkdownLine.isRule(line) { return true }
        if let marker = MarkdownLine.listMarker(line) {
            // Like CommonMark: a numbered item interrupts a paragraph only when it starts at 1,
            // and an empty item never does ("2019." on its own line stays text).
            let hasContent = line.count > marker.contentIndent - 1
            return hasContent && (!marker.ordered || marker.start == 1)
        }
        return false
    }
}
