/// A recipe-level section: the verdicts on the recipe's claims, a comparison across sweep
/// variants, a summary.
public struct NotebookSection: Sendable {
    public var title: String
    /// Markdown, above the plots.
    public var note: String?
    public var plots: [Plot]
    /// Markdown, below the plots (e.g. the rule a table was decided by).
    public var footnote: String?

    public init(title: String, note: String? = nil, plots: [Plot] = [], footnote: String? = nil) {
        self.title = title
        self.note = note
        self.plots = plots
        self.footnote = footnote
    }
}
