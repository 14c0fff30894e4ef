import LabCore

/// Counts of values per bin: bin i is [edges[i], edges[i+1]), the last bin also holds its
/// upper edge. Values outside the edges are counted in `below` / `above`, never dropped.
public struct WeightHistogram: Sendable, Equatable {
    /// (bins + 1) increasing edges.
    public let edges: [Double]
    /// (bins)
    public let counts: [Int]
    public let below: Int
    public let above: Int

    /// Histogram over given edges (at least two, strictly increasing), so that several
    /// schemes can share bins side by side.
    public init(values: [Float], edges: [Double]) throws {
        guard edges.count >= 2, zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }),
              edges.allSatisfy(\.isFinite) else {
            throw TokenWeightingError.badParameter("edges", "histogram edges must be at least two finite, increasing numbers")
        }
        var counts = [Int](repeating: 0, count: edges.count - 1)
        var below = 0, above = 0
        let last = edges[edges.count - 1]
        for v in values.map(Double.init) {
            if v < edges[0] || v.isNaN { below += 1; continue }
            if v > last { above += 1; continue }
            counts[Self.bin(of: v, edges: edges)] += 1
        }
        self.edges = edges
        self.counts = counts
        self.below = below
        self.above = above
    }

    /// `bins` equal bins from min(0, smallest value) to the largest value (widened by 1 when
    /// all values are equal), so zero weights always fall in the first bin.
    public init(values: [Float], bins: Int = 20) throws {
        guard bins >= 1 else { throw TokenWeightingError.badParameter("bins", "a histogram needs at least one bin, got \(bins)") }
        let finite = values.map(Double.init).filter(\.isFinite)
        let low = min(0, finite.min() ?? 0)
        var high = finite.max() ?? 1
        if high <= low { high = low + 1 }
        try self.init(values: values, edges: Self.evenEdges(from: low, to: high, bins: bins))
    }

    /// `bins + 1` evenly spaced edges; the last is exactly `high`.
    public static func evenEdges(from low: Double, to high: Double, bins: Int) -> [Double] {
        (0...bins).map { i in i == bins ? high : low + (high - low) * Double(i) / Double(bins) }
    }

    /// Binary search: the last edge ≤ v, capped at the last bin.
    private static func bin(of v: Double, edges: [Double]) -> Int {
        var lo = 0, hi = edges.count - 1  // invariant: edges[lo] <= v, and v < edges[hi] unless v == last edge
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if edges[mid] <= v { lo = mid } else { hi = mid }
        }
        return min(lo, edges.count - 2)
    }

    /// `{edges: [...], counts: [...], below: n, above: n}` for metrics files and notebooks.
    public var value: Value {
        .object(["edges": .array(edges.map(Value.double)), "counts": .array(counts.map(Value.int)),
                 "below": .int(below), "above": .int(above)])
    }
}
