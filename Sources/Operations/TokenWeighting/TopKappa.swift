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

    /// (T) true for the `count` highest scores. Ties go to the LATER position, which is what
    /// the reference's stable ascending sort does when it keeps the last κT indices (it then
    /// shuffles among zero scores when they are too many: OUR version stays deterministic).
    public static func mask(scores: [Double], count: Int) -> [Bool] {
        var mask = [Bool](repeating: false, count: scores.count)
        guard count > 0 else { return mask }
        // NaN ranks lowest, so the order stays a strict weak ordering.
        let key = scores.map { $0.isNaN ? -Double.infinity : $0 }
        let order = key.indices.sorted { a, b in
            key[a] != key[b] ? key[a] > key[b] : a > b
        }
        for t in order.prefix(count) { mask[t] = true }
        return mask
    }
}
