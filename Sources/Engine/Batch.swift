/// One training batch: B rows of T inputs, the T next tokens as targets, optional loss weights.
public struct Batch: Sendable, Equatable {
    /// B
    public let batchSize: Int
    /// T
    public let length: Int
    /// (B,T)
    public let inputs: [Int32]
    /// (B,T): targets[b,t] is the token after inputs[b,t].
    public let targets: [Int32]
    /// (B,T) per-target loss weights (0 = ignored), or nil for all 1. Detached: no gradient.
    public let weights: [Float]?

    /// From rows of T+1 tokens: tokens (B,T+1); inputs are the first T of each row, targets the last T.
    /// `weights` (B,T) weigh the targets.
    public init(tokens: [Int32], batchSize: Int, weights: [Float]? = nil) throws {
        guard batchSize > 0, tokens.count % batchSize == 0, tokens.count / batchSize >= 2 else {
            throw EngineError.invalidArgument(
                "batch: \(tokens.count) tokens do not make \(batchSize) rows of at least 2 tokens each")
        }
        let row = tokens.count / batchSize, t = row - 1
        var inputs = [Int32](), targets = [Int32]()
        inputs.reserveCapacity(batchSize * t)
        targets.reserveCapacity(batchSize * t)
        for b in 0..<batchSize {
            inputs += tokens[(b * row)..<(b * row + t)]
            targets += tokens[(b * row + 1)..<(b * row + row)]
        }
        try self.init(inputs: inputs, targets: targets, batchSize: batchSize, weights: weights)
    }

    /// From B rows of T+1 tokens each (inputs and targets cut from each row: no flat copy of
    /// the batch first).
    public init(rows: [[Int32]], weights: [Float]? = nil) throws {
        guard let row = rows.first?.count, row >= 2, rows.allSatisfy({ $0.count == row }) else {
            throw EngineError.invalidArgument("batch: rows must all have the same length of at least 2 tokens")
        }
        var inputs = [Int32](), targets = [Int32]()
        inputs.reserveCapacity(rows.count * (row - 1))
        targets.reserveCapacity(rows.count * (row - 1))
        for tokens in rows {
            inputs += tokens[0..<(row - 1)]
            targets += tokens[1..<row]
        }
        try self.init(inputs: inputs, targets: targets, batchSize: rows.count, weights: weights)
    }

    /// From inputs (B,T), targets (B,T) and optional weights (B,T).
    public init(inputs: [Int32], targets: [Int32], batchSize: Int, weights: [Float]? = nil) throws {
        guard batchSize > 0, !inputs.isEmpty, inputs.count % batchSize == 0 else {
            throw EngineError.invalidArgument("batch: \(inputs.count) inputs do not split into \(batchSize) rows")
        }
        guard targets.count == inputs.count else {
            throw EngineError.invalidArgument("batch: \(targets.count) targets for \(inputs.count) inputs")
        }
        if let weights {
            guard weights.count == inputs.count else {
                throw EngineError.invalidArgument("batch: \(weights.count) weights for \(inputs.count) targets")
            }
            if let bad = weights.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
                throw EngineError.invalidArgument("batch: weight[\(bad)] = \(weights[bad]) must be finite and ≥ 0")
            }
        }
        self.batchSize = batchSize
        length = inputs.count / batchSize
        self.inputs = inputs
        self.targets = targets
        self.weights = weights
    }

    /// Rows `rows` of this batch.
    func rows(_ rows: Range<Int>) throws -> Batch {
        let r = (rows.lowerBound * length)..<(rows.upperBound * length)
        return try Batch(inputs: Array(inputs[r]), targets: Array(targets[r]), batchSize: rows.count,
                         weights: weights.map { Array($0[r]) })
    }
}
