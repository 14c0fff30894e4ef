import LabCore

extension SeededRandom {
    /// One element, uniformly; internal because it needs a non-empty array (the fixed lexicons).
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
