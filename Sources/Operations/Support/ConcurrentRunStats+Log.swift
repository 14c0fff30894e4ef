import Engine

extension ConcurrentRunStats {
    /// The step log's account of how its prompts were decoded (tests read it to check that
    /// they really ran at once).
    func logLine(prompts: Int) -> String {
        "decoded \(prompts) prompt\(prompts == 1 ? "" : "s") on \(workers) worker\(workers == 1 ? "" : "s"), at most \(maxInFlight) at once"
    }
}
