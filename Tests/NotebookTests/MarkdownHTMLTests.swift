import LabCore
import XCTest
@testable import Notebook

final class MarkdownHTMLTests: XCTestCase {
    private func html(_ markdown: String, offset: Int = 0) -> String {
        MarkdownHTML.html(markdown, headingOffset: offset)
    }

    func testParagraphsAndHeadings() {
        XCTAssertEqual(html("one\ntwo\n\nthree"), "<p>one\ntwo</p>\n<p>three</p>")
        XCTAssertEqual(html("# Title\n## Sub ##\ntext"), "<h1>Title</h1>\n<h2>Sub</h2>\n<p>text</p>")
        XCTAssertEqual(html("# Title", offset: 2), "<h3>Title</h3>")
        XCTAssertEqual(html("###### deep", offset: 3), "<h6>deep</h6>")
        XCTAssertEqual(html("Setext\n======"), "<h1>Setext</h1>")
        XCTAssertEqual(html("#nospace"), "<p>#nospace</p>")
        XCTAssertEqual(html("a\n\n---\n\nb"), "<p>a</p>\n<hr>\n<p>b</p>")
    }

    func testInlineMarkup() {
        let cases: [(String, String)] = [
            ("**strong** and *em*", "<p><strong>strong</strong> and <em>em</em></p>"),
            ("__strong__ and _em_", "<p><strong>strong</strong> and <em>em</em></p>"),
            ("***both***", "<p><strong><em>both</em></strong></p>"),
            ("*a **b** c*", "<p><em>a <strong>b</strong> c</em></p>"),
            ("snake_case_name stays", "<p>snake_case_name stays</p>"),
            ("2 * 3 * 4", "<p>2 * 3 * 4</p>"),
            ("use `x < y` here", "<p>use <code>x &lt; y</code> here</p>"),
            ("``a ` b``", "<p><code>a ` b</code></p>"),
            ("`*not em*`", "<p><code>*not em*</code></p>"),
            ("\\*literal\\*", "<p>*literal*</p>"),
            ("unclosed *star", "<p>unclosed *star</p>"),
            ("[lab](https://example.org/a?b=1&c=2)", "<p><a href=\"https://example.org/a?b=1&amp;c=2\">lab</a></p>"),
            ("[*x*](docs/x.md)", "<p><a href=\"docs/x.md\"><em>x</em></a></p>"),
            ("<https://example.org>", "<p><a href=\"https://example.org\">https://example.org</a></p>"),
            ("![plot](p.png)", "<p><a href=\"p.png\">image: plot</a></p>"),
            ("[a] alone", "<p>[a] alone</p>"),
            ("line one  \nline two", "<p>line one<br>\nline two</p>"),
        ]
        for (markdown, expected) in cases {
            XCTAssertEqual(html(markdown), expected, "markdown: \(markdown)")
        }
    }

    func testCodeBlocks() {
        XCTAssertEqual(html("```swift\nlet a = 1 < 2\n```"),
                       "<pre><code class=\"language-swift\">let a = 1 &lt; 2\n</code></pre>")
        XCTAssertEqual(html("text\n\n    indented <b>\n    more"),
                       "<p>text</p>\n<pre><code>indented &lt;b&gt;\nmore\n</code></pre>")
        XCTAssertEqual(html("```\n# not a heading\n\n- not a list\n```"),
                       "<pre><code># not a heading\n\n- not a list\n</code></pre>")
        // An unterminated fence runs to the end rather than swallowing nothing.
        XCTAssertEqual(html("```\nopen"), "<pre><code>open\n</code></pre>")
    }

    func testLists() {
        XCTAssertEqual(html("- a\n- b"), "<ul>\n<li>a</li>\n<li>b</li>\n</ul>")
        XCTAssertEqual(html("* a\n* **b**"), "<ul>\n<li>a</li>\n<li><strong>b</strong></li>\n</ul>")
        XCTAssertEqual(html("1. one\n2. two"), "<ol>\n<li>one</li>\n<li>two</li>\n</ol>")
        XCTAssertEqual(html("3) three\n4) four"), "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>")
        XCTAssertEqual(html("- a\n  - nested\n- b"),
                       "<ul>\n<li>a\n<ul>\n<li>nested</li>\n</ul></li>\n<li>b</li>\n</ul>")
        XCTAssertEqual(html("- a\n\n- b"), "<ul>\n<li><p>a</p></li>\n<li><p>b</p></li>\n</ul>")
        XCTAssertEqual(html("- item\ncontinued"), "<ul>\n<li>item\ncontinued</li>\n</ul>")
        XCTAssertEqual(html("Intro:\n- a\n- b"), "<p>Intro:</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>")
        XCTAssertEqual(html("- a\n\nafter"), "<ul>\n<li>a</li>\n</ul>\n<p>after</p>")
    }

    func testQuote() {
        XCTAssertEqual(html("> quoted *text*\n> more"), "<blockquote>\n<p>quoted <em>text</em>\nmore</p>\n</blockquote>")
    }

    func testEverythingIsEscaped() {
        let hostile = "<script>alert('x')</script> & \"quotes\""
        let output = html(hostile)
        XCTAssertFalse(output.contains("<script"), output)
        XCTAssertEqual(output, "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;</p>")
        XCTAssertFalse(html("# <img src=x onerror=alert(1)>").contains("<img"))
        XCTAssertFalse(html("- <iframe>").contains("<iframe"))
        XCTAssertFalse(html("**<b>**").contains("<b>"))
        XCTAssertFalse(html("[<i>x</i>](y)").contains("<i>"))
    }

    func testUnsafeLinkTargetsAreDropped() {
        XCTAssertEqual(html("[x](javascript:alert(1))"), "<p><a href=\"#\">x</a></p>")
        XCTAssertEqual(html("[x](JavaScript:alert(1))"), "<p><a href=\"#\">x</a></p>")
        XCTAssertEqual(html("[x](data:text/html,hi)"), "<p><a href=\"#\">x</a></p>")
        XCTAssertEqual(html("[x](\"onmouseover=1)"), "<p><a href=\"&quot;onmouseover=1\">x</a></p>")
        XCTAssertEqual(html("[x](mailto:a@b.c)"), "<p><a href=\"mailto:a@b.c\">x</a></p>")
        XCTAssertEqual(html("[x](run/1:2)"), "<p><a href=\"run/1:2\">x</a></p>")
        XCTAssertEqual(html("<javascript:alert(1)>"), "<p>&lt;javascript:alert(1)&gt;</p>")
    }

    func testEmptyAndOddInputDoNotCrash() {
        XCTAssertEqual(html(""), "")
        XCTAssertEqual(html("\n\n  \n"), "")
        for odd in ["*", "**", "`", "[", "](", "- ", "1.", "#", ">", "```", "[a](", "_", "\\", "\t- tab", "\r\nx\r\n"] {
            _ = html(odd)
        }
    }

    /// Random snippets of Markdown punctuation: the converter must end, stay balanced and never
    /// let a raw tag through.
    func testRandomInputStaysBalancedAndEscaped() {
        let alphabet: [String] = ["*", "**", "_", "`", "```", "[", "]", "(", ")", "<", ">", "#", "- ", "1. ", "\n",
                                  "\n\n", "    ", "  ", "a", "b c", "<script>", "javascript:", "!", "\\", "&", "> ", "---"]
        var generator = SplitMix(seed: 42)
        for _ in 0..<1500 {
            let length = Int(generator.next() % 24)
            let text = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            let output = html(text)
            XCTAssertNil(TagBalance.firstProblem(in: output), "input: \(text.debugDescription)\noutput: \(output)")
            XCTAssertFalse(output.contains("<script"), "input: \(text.debugDescription)")
            XCTAssertFalse(output.contains("href=\"javascript"), "input: \(text.debugDescription)")
        }
    }

    /// ASCII is rendered from bytes: for every input the result must be the Character renderer's.
    func testByteRendererMatchesTheCharacterRendererOnASCII() {
        let alphabet: [String] = ["*", "**", "***", "_", "__", "`", "``", "[", "]", "(", ")", "<", ">", "!", "\\", "&",
                                  "\"", "'", " ", "  ", "\t", "\n", "\u{0}", "a", "b_c", "9", "x*y", "<https://e.org>",
                                  "<mailto:a@b>", "[l](u \"t\")", "](<v>)", "javascript:", ".", "-"]
        var generator = SplitMix(seed: 7)
        for _ in 0..<5000 {
            let length = Int(generator.next() % 16)
            let text = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            let bytes = String(decoding: MarkdownInlineBytes.render(Array(text.utf8)[...]), as: UTF8.self)
            XCTAssertEqual(bytes, MarkdownInline.render(Array(text)), "input: \(text.debugDescription)")
        }
        XCTAssertEqual(MarkdownInline.render("*Cached: run 3 (in 1.2 s).*"), "<em>Cached: run 3 (in 1.2 s).</em>")
        XCTAssertEqual(MarkdownInline.render("é_x_ *y*"), "é_x_ <em>y</em>", "non-ASCII takes the Character path")
    }

    func testTrimmingSpacesKeepsInnerSpacesAndOtherWhiteSpace() {
        XCTAssertEqual("  a  b  ".trimmingSpaces(), "a  b")
        XCTAssertEqual("   ".trimmingSpaces(), "")
        XCTAssertEqual("".trimmingSpaces(), "")
        XCTAssertEqual("\ta\t ".trimmingSpaces(), "\ta\t")
        XCTAssertEqual(" e\u{301} ".trimmingSpaces(), "e\u{301}")
        XCTAssertEqual(" \u{301}x ".trimmingSpaces(), " \u{301}x", "a space carrying a combining mark is not a space")
        XCTAssertEqual("  x  "[...].dropFirst().trimmingSpaces(), "x")
    }
}

/// A tiny deterministic generator for the random-input test.
struct SplitMix: RandomNumberGenerator {
    private var source: SplitMix64
    init(seed: UInt64) { source = SplitMix64(state: seed) }
    mutating func next() -> UInt64 { source.next() }
}
