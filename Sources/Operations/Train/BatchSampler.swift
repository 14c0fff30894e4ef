import LabCore
import Engine

/// Rows for each step: a seeded shuffle of all rows, walked in order and reshuffled at the end
/// of each pass (ours: every row is seen once per epoch; a batch may span two epochs).
struct BatchSampler {
    private var rng: SeededRandom
    private var order: [Int]
    private var position: Int
    private let count: Int

    init(rows count: Int, seed: UInt64) {
        self.count = count
        rng = SeededRandom(seed: seed)
        order = []
        position = 0
        reshuffle()
    }

    mutating func next(_ batch: Int) -> [Int] {
        var rows: [Int] = []
        rows.reserveCapacity(batch)
        while rows.count < batch {
            if position == order.count { reshuffle() }
            rows.append(order[position])
            position += 1
        }
        return rows
    }

    /// Fisher–Yates with our own generator (Swift's shuffle algorithm may change between versions).
    private mutating func reshuffle() {
        order = Array(0..<count)
        if count > 1 {
            for i in stride(from: count - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
        }
        position = 0
    }
}
