import Foundation

/// A small well-formedness check for generated HTML: every opened tag is closed in order
/// (void elements and self-closing SVG elements excepted). Returns the first problem, or nil.
enum TagBalance {
    static let voidElements: Set<String> = ["meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr"]

    static func firstProblem(in html: String) -> String? {
        var stack: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[open...]
            if rest.hasPrefix("<!--") {
                guard let end = rest.range(of: "-->") else { return "unterminated comment" }
                rest = rest[end.upperBound...]
                continue
            }
            guard let close = rest.firstIndex(of: ">") else { return "unterminated tag" }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") { continue }   // <!DOCTYPE html>
            if tag.contains("<") { return "'<' inside a tag: <\(tag)>" }
            if tag.hasPrefix("/") {
                let name = tag.dropFirst().trimmingCharacters(in: .whitespaces).lowercased()
                guard let top = stack.popLast() else { return "closing </\(name)> with nothing open" }
                if top != name { return "closing </\(name)> but <\(top)> is open" }
                continue
            }
            let name = String(tag.prefix { !$0.isWhitespace && $0 != "/" }).lowercased()
            if name.isEmpty { return "empty tag name" }
            if tag.hasSuffix("/") || voidElements.contains(name) { continue }
            stack.append(name)
        }
        return stack.isEmpty ? nil : "unclosed: \(stack.joined(separator: ", "))"
    }
}
