extension MarkdownBlocks {
    /// A bullet or numbered list starting at `index`. Item content is every following line
    /// indented to the item's text (or a lazy paragraph continuation); it is parsed again as
    /// blocks, which is how nested lists come about. A blank line between items makes the list
    /// loose (paragraphs in `<p>`).
    func list(_ lines: [String], _ index: inout Int) -> String {
        guard let first = MarkdownLine.listMarker(lines[index]) else { return "" }
        var items: [[String]] = []
        var loose = false
        while index < lines.count, let marker = MarkdownLine.listMarker(lines[index]),
              marker.kind == first.kind {
            var item = [String(lines[index].dropFirst(min(marker.contentIndent, lines[index].count)))]
            index += 1
            while index < lines.count {
                let line = lines[index]
                if MarkdownLine.isBlank(line) {
                    // A blank line continues the item only if indented content follows.
                    var next = index + 1
                    while next < lines.count && MarkdownLine.isBlank(lines[next]) { next += 1 }
                    if next < lines.count && MarkdownLine.indent(lines[next]) >= marker.contentIndent {
                        item.append("")
                        index += 1
                        loose = loose || !itemIsNestedListOnly(lines[next], marker.contentIndent)
                        continue
                    }
                    break
                }
                if MarkdownLine.indent(line) >= marker.contentIndent {
                    item.append(String(line.dropFirst(marker.contentIndent)))
                } else if MarkdownLine.listMarker(line) != nil || MarkdownLine.heading(line) != nil
                            || MarkdownLine.fence(line) != nil || MarkdownLine.isQuote(line)
                            || MarkdownLine.isRule(line) {
                    break
                } else if let last = item.last, !MarkdownLine.isBlank(last) {
                    item.append(line.trimmingSpaces())   // lazy continuation of the item's paragraph
                } else {
                    break
                }
                index += 1
            }
            items.append(item)
            // Blank lines, then another item of the same list: the list goes on, loosely.
            var next = index
            while next < lines.count && MarkdownLine.isBlank(lines[next]) { next += 1 }
            if next > index, next < lines.count, let following = MarkdownLine.listMarker(lines[next]),
               following.kind == first.kind {
                loose = true
                index = next
            }
        }
        let tag = first.ordered ? "ol" : "ul"
        let start = first.ordered && first.start != 1 ? " start=\"\(first.start)\"" : ""
        let rendered = items.map { item in
            "<li>" + render(item, tight: !loose) + "</li>"
        }
        return "<\(tag)\(start)>\n" + rendered.joined(separator: "\n") + "\n</\(tag)>"
    }

    /// A blank line before a nested list does not make the outer list loose.
    private func itemIsNestedListOnly(_ line: String, _ contentIndent: Int) -> Bool {
        MarkdownLine.listMarker(String(line.dropFirst(contentIndent))) != nil
    }
}
