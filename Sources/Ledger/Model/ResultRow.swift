import LabCore

/// One step result: a computation by its key, whichever run computed it.
public struct ResultRow: Sendable {
    public var key: String
    public var stepID: String
    public var stepName: String
    public var op: String
    public var opVersion: Int
    /// Sweep values (an object; empty for an unswept step).
    public var variant: Value
    /// Resolved parameters, references as `{"$step": id}`.
    public var params: Value
    /// `params` flattened to dotted names (see `FlatParameters`).
    public var parameters: [String: Value]
    /// Scalar metrics.
    public var metrics: [String: Double]
    /// The run that computed it.
    public var runID: Int
    public var seconds: Double
    /// Relative to the workspace home (`artifacts/<key>`).
    public var artifactDirectory: String
    /// Its matrices' summaries, by name (the cells: `metrics(key:)`, or the view `matrix_cells`).
    public var matrices: [String: MatrixSummary] = [:]
}
