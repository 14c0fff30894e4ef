/// A sliding short context for scoring (docs/METHODS.md §1): windows of `length` tokens every
/// `stride` tokens; each window contributes only its last `stride` losses (the first window
/// contributes all of its own), so every scored token sees between length − stride and
/// length tokens. When the windows do not reach the end, one more window ending at the last
/// token scores the remaining positions (ours: the paper's sequences are multiples).
///
/// With `bos` set, a sequence that starts with that token has it put in place of the first
/// token of every later window, as the official code does for BOS-led rows: each window then
/// reads like a row the short model was trained on.
public struct SlidingWindow: Sendable, Equatable, Hashable, Codable {
    public var length: Int
    public var stride: Int
    /// The beginning-of-sequence token, or nil to leave windows as they are.
    public var bos: Int32?

    public init(length: Int, stride: Int, bos: Int32? = nil) {
        self.length = length
        self.stride = stride
        self.bos = bos
    }

    public func validate(context: Int) throws {
        guard length >= 2 else { throw EngineError.invalidArgument("window length \(length) must be at least 2") }
        guard stride >= 1, stride <= length - 1 else {
            throw EngineError.invalidArgument("window stride \(stride) must be in 1...\(length - 1) (length − 1)")
        }
        guard length <= context else {
            throw EngineError.invalidArgument("window length \(length) exceeds the model context \(context)")
        }
    }

    /// The windows over a sequence of n tokens: (start, first kept target position, end).
    /// Targets kept are positions keep..<end, each predicted from tokens start..<position.
    func windows(count n: Int) -> [(start: Int, keep: Int, end: Int)] {
        guard n > length else { return [(0, 1, n)] }
        var list = [(start: 0, keep: 1, end: length)]
        var s = stride
        while s + length <= n {
            list.append((s, s + length - stride, s + length))
            s += stride
        }
        let covered = list.last!.end
        if covered < n { list.append((n - length, covered, n)) }
        return list
    }
}

/// Per-position losses of one sequence: losses[i] = −log p(tokens[i] | context before i)
/// for i ≥ 1. Position 0 has no prediction (scored[0] is false, losses[0] is 0).
public struct TokenLosses: Sendable, Equatable {
    /// (n) natural-log losses, aligned with the tokens.
    public var losses: [Float]
    /// (n) which positions carry a loss.
    public var scored: [Bool]
    /// (n) how many tokens each scored position saw before it (0 where not scored).
    public var contextLengths: [Int]
    /// (n) whether the model's most likely next token (the first on ties) was the one there.
    public var correct: [Bool]
}
