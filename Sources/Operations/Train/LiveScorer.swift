import Engine
import LabCore

/// Scores a batch on the fly (self-scoring or a live scorer model): per target, the loss under
/// the full row (lL) and under the sliding short window (lS), no gradients.
struct LiveScorer {
    let window: SlidingWindow

    /// For rows (B, T+1): lL (B, T), lS (B, T), scored (B, T). A target at row position
    /// p = t + 1 is scored only past the first window (p ≥ short): inside it the short and full
    /// contexts coincide, and the reference sets d = 0 there.
    func score(model: Transformer, rows: [[Int32]], batch: Batch) throws -> (long: [Float], short: [Float], scored: [Bool]) {
        let long = try model.losses(batch)
        let shortRows = try model.tokenLosses(sequences: rows, window: window)
        let T = batch.length
        var short = [Float](repeating: 0, count: rows.count * T)
        var scored = [Bool](repeating: false, count: rows.count * T)
        for (b, losses) in shortRows.enumerated() {
            for t in 0..<T {
                short[b * T + t] = losses.losses[t + 1]
                scored[b * T + t] = t + 1 >= window.length
            }
        }
        return (long, short, scored)
    }
}
