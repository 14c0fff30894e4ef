import LabCore

/// Several runs side by side: run settings, then per step its status, key, parameters and
/// scalar metrics. `.null` where a run lacks the step or value.
public struct RunComparison: Sendable {
    public enum Kind: String, Sendable {
        case setting, status, key, param, metric
    }

    public struct Row: Sendable {
        /// `run` for run settings, else the step id.
        public var section: String
        public var kind: Kind
        public var name: String
        /// One per compared run, in `runIDs` order.
        public var values: [Value]
        /// The step's operation (a step row; the first run that has the step decides).
        public var op: String? = nil
        public var differs: Bool { Set(values).count > 1 }
    }

    public var runIDs: [Int]
    public var rows: [Row]

    /// Only the rows where the runs disagree (what `lab compare` shows without --all).
    public var differingRows: [Row] { rows.filter(\.differs) }
}
