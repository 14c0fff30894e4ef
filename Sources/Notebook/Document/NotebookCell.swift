import LabCore

/// One step of the run, as a notebook cell.
public struct NotebookCell: Sendable {
    /// `weighted[scheme=sparse(0.25)]`; also the anchor of the cell in the HTML.
    public var stepID: String
    public var title: String?
    /// The step's note (Markdown).
    public var note: String?
    public var op: String
    /// Sweep values of this variant, e.g. `[("scheme", "sparse(0.25)")]`.
    public var variant: [(name: String, value: String)]
    /// Resolved parameters, already formatted for display.
    public var params: [(name: String, value: String)]
    public var status: StepStatus
    public var seconds: Double
    /// The cache key, shortened for display (the renderer shows at most 12 characters).
    public var key: String
    public var scalars: [(name: String, value: Double)]
    /// Each series is drawn as its own line plot (x = iteration).
    public var series: [(name: String, points: [SeriesPoint])]
    /// Output files, path relative to the step's artifact directory.
    public var files: [(path: String, bytes: Int64)]
    /// The step's artifact directory relative to the workspace (`artifacts/<key>`), when it
    /// published one: the notebook links each file there.
    public var artifactDirectory: String?
    public var error: String?
    /// The last lines of the step's log, shown when the step failed.
    public var logTail: String?
    /// Extra plots the operation or the CLI attaches to this cell.
    public var plots: [Plot]

    public init(stepID: String, title: String? = nil, note: String? = nil, op: String,
                variant: [(name: String, value: String)] = [], params: [(name: String, value: String)] = [],
                status: StepStatus, seconds: Double = 0, key: String = "",
                scalars: [(name: String, value: Double)] = [], series: [(name: String, points: [SeriesPoint])] = [],
                files: [(path: String, bytes: Int64)] = [], artifactDirectory: String? = nil, error: String? = nil,
                logTail: String? = nil, plots: [Plot] = []) {
        self.stepID = stepID
        self.title = title
        self.note = note
        self.op = op
        self.variant = variant
        self.params = params
        self.status = status
        self.seconds = seconds
        self.key = key
        self.scalars = scalars
        self.series = series
        self.files = files
        self.artifactDirectory = artifactDirectory
        self.error = error
        self.logTail = logTail
        self.plots = plots
    }
}
