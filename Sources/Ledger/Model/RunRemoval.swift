/// What `LedgerStore.removeRuns` removed.
public struct RunRemoval: Sendable {
    public struct Run: Sendable {
        public var id: Int
        public var recipeName: String
        public var name: String?
        /// Its step rows, whatever their status.
        public var steps: Int
    }

    public var runs: [Run]
    /// Results (with their metrics, files, parameters, matrices, records) that no remaining
    /// step uses: removed, so `lab gc` may free their artifact folders.
    public var releasedKeys: [String]
    /// Results a removed run computed that other runs reused: kept, now credited to the
    /// earliest remaining run that used them.
    public var reattributed: Int
}
