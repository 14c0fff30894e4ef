import Kernels

extension Transformer {
    /// Bytes of activations one inference forward may hold; batches are split to fit (rows
    /// batched together keep every core busy: the kernels split over rows × positions).
    static let inferenceActivationBudget = 256 << 20

    /// logits (T,V) of every position of `tokens` (T ≤ context), full causal context.
    public func logits(tokens: [Int32], headMask: HeadMask? = nil) throws -> [Float] {
        try checkInference(tokens, headMask)
        let a = activations(b: 1, t: tokens.count, training: false)
        tokens.withUnsafeBufferPointer { a.inputs.pointer.update(from: $0.baseAddress!, count: tokens.count) }
        forward(a, mask: ResolvedHeadMask(headMask, config: config))
        return Array(UnsafeBufferPointer(start: a.logits, count: tokens.count * config.vocabSize))
    }

    /// Per-target losses (B,T) of a batch, no gradient (evaluation). Rows run in groups that
    /// keep the activations under `inferenceActivationBudget`.
    public func losses(_ batch: Batch, headMask: HeadMask? = nil) throws -> [Float] {
        guard batch.length <= config.context else {
            throw EngineError.invalidArgument("batch length \(batch.length) exceeds the model context \(config.context)")
        }
        try checkTokens(batch.inputs, "inputs")
        try checkTokens(batch.targets, "targets")
        try headMask?.validate(for: config)
        return rowLosses(inputs: batch.inputs, targets: batch.targets, rows: batch.batchSize, t: batch.length,
                         mask: ResolvedHeadMask(headMask, config: config)).losses
    }

    /// The weighted mean loss of a batch under `normalization` (no gradient).
    public func loss(_ batch: Batch, normalization: TrainOptions.LossNormalization = .tokenCount,
                     headMask: HeadMask? = nil) throws -> Float {
        let l = try losses(batch, headMask: headMask)
        let w = batch.weights ?? [Float](repeating: 1, count: l.count)
        var sum = 0.0, wsum = 0.0
        for i in 0..<l.count { sum += Double(w[i] * l[i]); wsum += Double(w[i]) }
        let d = normalization == .weightSum && wsum > 0 ? wsum : Double(l.count)
        return Float(sum / d)
    }

    /// Losses of every token of `tokens` given what precedes it: under the full context
    /// (`window` nil; needs count − 1 ≤ context: the last token is only a target), or under a sliding short window (see `SlidingWindow`).
    public func tokenLosses(tokens: [Int32], window: SlidingWindow? = nil, headMask: HeadMask? = nil) throws -> TokenLosses {
        try tokenLosses(sequences: [tokens], window: window, headMask: headMask)[0]
    }

    /// `tokenLosses` for many sequences; sequences of equal length run batched.
    public func tokenLosses(sequences: [[Int32]], window: SlidingWindow? = nil,
                            headMask: HeadMask? = nil) throws -> [TokenLosses] {
        try headMask?.validate(for: config)
        if let window { try window.validate(context: config.context) }
        for (i, s) in sequences.enumerated() {
            try checkTokens(s, "sequence \(i)")
            if window == nil, s.count - 1 > config.context {
                throw EngineError.invalidArgument("sequence \(i) has \(s.count) tokens, more than the model context \(config.context) + 1; score it with a window")
            }
        }
        let mask = ResolvedHeadMask(headMask, config: config)
        var results = sequences.map {
            TokenLosses(losses: [Float](repeating: 0, count: $0.count), scored: [Bool](repeating: false, count: $0.count),
                        contextLengths: [Int](repeating: 0, count: $0.count), correct: [Bool](repeating: false, count: $0.count))
        }
        // Every (sequence, window) becomes one row; rows of equal length run together.
        struct Row { let sequence: Int; let start: Int; let keep: Int; let end: Int }
        var rowsByLength: [Int: [Row]] = [:]
        for (i, s) in sequences.enumerated() where s.count >= 2 {
            let spans = window?.windows(count: s.count) ?? [(0, 1, s.count)]
            for w in spans { rowsByLength[w.end - w.start, default: []].append(Row(sequence: i, start: w.start, keep: w.keep, end: w.end)) }
        }
        for length in rowsByLength.keys.sorted() {
            let rows = rowsByLength[length]!, t = length - 1
            var inputs: [Int32] = [], targets: [Int32] = []
            inputs.reserveCapacity(rows.count * t)
            targets.reserveCapacity(rows.count * t)
            for r in rows {
                let sequence = sequences[r.sequence]
                inputs += sequence[r.start..<(r.end - 1)]
                if r.start > 0, let bos = window?.bos, sequence.first == bos { inputs[inputs.count - t] = bos }
                targets += sequence[(r.start + 1)..<r.end]
            }
            let (l, argmax) = rowLosses(inputs: inputs, targets: targets, rows: rows.count, t: t, mask: mask)
            for (k, r) in rows.enumerated() {
                for pos in r.keep..<r.end {
                    let i = k * t + (pos - r.start - 1)
                    results[r.sequence].losses[pos] = l[i]
                    results[r.sequence].correct[pos] = argmax[i] == targets[i]
                    results[r.sequence].scored[pos] = true
                    results[r.sequence].contextLengths[pos] = pos - r.start
                }
            }
        }
        return results
    }

    /// Losses (rows, T) of rows of inputs/targets, and the argmax of each position's logits,
    /// read in place (no copy of the (T,V) logits); forwarded in groups that fit the budget,
    /// every group's rows together so the kernels split rows × positions over the threads.
    func rowLosses(inputs: [Int32], targets: [Int32], rows: Int, t: Int,
                   mask: ResolvedHeadMask) -> (losses: [Float], argmax: [Int32]) {
        let group = MemoryEstimate.inferenceRowsAtOnce(config, rows: rows, context: t)
        var out = [Float](repeating: 0, count: rows * t), argmax = [Int32](repeating: 0, count: rows * t)
        var r0 = 0
        while r0 < rows {
            let n = min(group, rows - r0), bt = n * t
            let a = activations(b: n, t: t, training: false)
            inputs.withUnsafeBufferPointer { a.inputs.pointer.update(from: $0.baseAddress! + r0 * t, count: bt) }
            targets.withUnsafeBufferPointer { a.targets.pointer.update(from: $0.baseAddress! + r0 * t, count: bt) }
            forward(a, mask: mask)
            computeLosses(a)
            out.withUnsafeMutableBufferPointer { ($0.baseAddress! + r0 * t).update(from: a.losses, count: bt) }
            argmax.withUnsafeMutableBufferPointer {
                argmaxRows($0.baseAddress! + r0 * t, logits: a.logits, bt: bt, v: config.vocabSize, threads: threads)
            }
            r0 += n
        }
        return (out, argmax)
    }

    func checkInference(_ tokens: [Int32], _ headMask: HeadMask?) throws {
        guard !tokens.isEmpty else { throw EngineError.invalidArgument("no tokens") }
        guard tokens.count <= config.context else {
            throw EngineError.invalidArgument("\(tokens.count) tokens exceed the model context \(config.context)")
        }
        try checkTokens(tokens, "tokens")
        try headMask?.validate(for: config)
    }
}
