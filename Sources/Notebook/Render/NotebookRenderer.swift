/// Turns a `NotebookDocument` into text. Pure: the same document gives the same bytes.
public enum NotebookRenderer {
    /// A self-contained HTML page: inline CSS and SVG, no scripts, nothing loaded from outside.
    public static func html(_ document: NotebookDocument) -> String {
        NotebookHTML.page(document)
    }

    /// The same content for terminals: plots become tables of their data or compact summaries.
    public static func markdown(_ document: NotebookDocument) -> String {
        NotebookMarkdown.page(document)
    }

    /// One plot as HTML (an SVG figure, or a table), e.g. for a page of the CLI's own.
    public static func html(_ plot: Plot) -> String {
        plot.html()
    }

    /// One plot as Markdown.
    public static func markdown(_ plot: Plot) -> String {
        plot.markdown()
    }
}
