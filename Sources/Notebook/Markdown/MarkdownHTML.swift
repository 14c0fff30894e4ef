/// A small Markdown → HTML converter for step notes and the recipe's `about`.
///
/// Covers paragraphs, ATX and setext headings, emphasis and strong, inline code, fenced and
/// indented code blocks, links (and autolinks), bullet and numbered lists (nested by indent),
/// block quotes and rules. Raw HTML is not passed through: every character of the input is
/// escaped, so a note can never inject markup or scripts. Link targets other than http(s),
/// mailto and relative paths become `#`.
public enum MarkdownHTML {
    /// HTML for `markdown`; `headingOffset` demotes headings (`#` becomes `<h(1+offset)>`, at most h6)
    /// so that a note's headings sit below the cell's own title.
    public static func html(_ markdown: String, headingOffset: Int = 0) -> String {
        let lines = MarkdownBlocks.lines(of: markdown)
        let parser = MarkdownBlocks(headingOffset: headingOffset)
        return parser.render(lines, tight: false)
    }

    /// Inline Markdown only (emphasis, code, links) for one line of text such as a title.
    public static func inlineHTML(_ text: String) -> String {
        MarkdownInline.render(text)
    }
}
