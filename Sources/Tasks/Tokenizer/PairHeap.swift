/// A max-heap of (count, pair) for BPE training. Entries go stale when a pair's count changes;
/// the trainer pushes the new count and skips stale entries when popping (lazy deletion).
/// Ties go to the smaller pair key, so training is deterministic.
struct PairHeap {
    struct Entry {
        var count: Int
        var pair: UInt64
    }

    private var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    /// True if `a` should pop before `b`.
    private static func before(_ a: Entry, _ b: Entry) -> Bool {
        a.count != b.count ? a.count > b.count : a.pair < b.pair
    }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(entries[child], entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var best = parent
                if left < entries.count && Self.before(entries[left], entries[best]) { best = left }
                if right < entries.count && Self.before(entries[right], entries[best]) { best = right }
                if best == parent { break }
                entries.swapAt(parent, best)
                parent = best
            }
        }
        return top
    }
}
