import LabCore
import Statistics

/// Results that share the values of the `--group-by` names, summarised metric by metric.
public struct ResultGroup: Sendable {
    /// One value per group name, in the order asked; nil where the results lack that name.
    public var values: [Value?]
    public var rows: [ResultRow]
    /// Per scalar metric, over the rows that recorded a finite value of it (so n may differ
    /// between metrics of one group).
    public var metrics: [String: SampleSummary]
}
