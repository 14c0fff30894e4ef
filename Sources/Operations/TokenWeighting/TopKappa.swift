import LabCore

/// The top-κ selection shared by sparsification and by the scorer-quality metrics, so that
/// both pick exactly the same tokens.
public enum TopKappa {
    /// floor(κ·T), with a 1e-9 tolerance so that float rounding does not drop a token
    /// (0.29·100 is 28.999999999999996 in binary; we select 29). OUR choice: the reference
    /// code's int(κ·T) would select 28 there.
    public static func count(kappa: Double, length T: Int) -> Int {
        guard T > 0, kappa > 0 else { return 0 }
        return min(T, Int((kappa * Double(T) + 1e-9).rounded(.down)))
    }

    /// (T) true for the `count` highest scores; ties go to the LATER position (deterministic:
    /// what the official code's stable ascending sort does when it keeps the last κT indices).
    /// Used where no generator is at hand: the scorer-quality metrics.
    public static func mask(scores: [Double], count: Int) -> [Bool] {
        mask(scores: scores, count: count, zeroOrder: nil)
    }

    /// As `mask(scores:count:)`, but when the cut falls among zero scores (fewer than `count`
    /// tokens score above zero) the zeros that fill the set are drawn at random with `ties`,
    /// as the official code does (it shuffles the zero-score indices before keeping the last
    /// κT); other ties still go to the later position. Draws nothing when no zero is cut.
    public static func mask(scores: [Double], count: Int, ties: inout SeededRandom) -> [Bool] {
        let above = scores.filter { $0 > 0 }.count, zeros = scores.filter { $0 == 0 }.count
        guard count > above, count < above + zeros else { return mask(scores: scores, count: count) }
        // A random rank for every zero: a Fisher–Yates permutation of 0..<zeros.
        var order = Array(0..<zeros)
        for i in stride(from: zeros - 1, to: 0, by: -1) { order.swapAt(i, ties.below(i + 1)) }
        return mask(scores: scores, count: count, zeroOrder: order)
    }

    /// `zeroOrder[k]` ranks the k-th zero score (in position order) among the zeros: higher wins.
    private static func mask(scores: [Double], count: Int, zeroOrder: [Int]?) -> [Bool] {
        var mask = [Bool](repeating: false, count: scores.count)
        guard count > 0 else { return mask }
        // NaN ranks lowest, so the order stays a strict weak ordering.
        let key = scores.map { $0.isNaN ? -Double.infinity : $0 }
        var tieRank = Array(scores.indices)  // later position wins
        if let zeroOrder {
            var k = 0
            for t in scores.indices where key[t] == 0 { tieRank[t] = zeroOrder[k]; k += 1 }
        }
        let order = key.indices.sorted { a, b in
            key[a] != key[b] ? key[a] > key[b] : tieRank[a] > tieRank[b]
        }
        for t in order.prefix(count) { mask[t] = true }
        return mask
    }
}
