/// A recipe-level section after the step cells: a comparison across sweep variants, a summary.
public struct NotebookSection: Sendable {
    public var title: String
    /// Markdown.
    public var note: String?
    public var plots: [Plot]

    public init(title: String, note: String? = nil, plots: [Plot] = []) {
        self.title = title
        self.note = note
        self.plots = plots
    }
}
