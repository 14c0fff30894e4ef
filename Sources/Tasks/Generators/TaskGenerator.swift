import LabCore
/// A task that makes examples. Generated tasks make example `i` from `(seed, i)` alone, so a
/// corpus of 100 is a prefix of a corpus of 1000 with the same seed.
public protocol TaskGenerator: Sendable {
    associatedtype Config: Codable & Hashable & Sendable
    static var kind: TaskKind { get }
    var config: Config { get }
    /// Checks the configuration; a bad value throws `TaskError.invalidConfig` naming it.
    init(_ config: Config) throws(TaskError)
    func generate(count: Int, seed: UInt64) throws(TaskError) -> [Example]
}

/// A generated task: one example from a seed and an index, never failing once configured.
public protocol SeededTaskGenerator: TaskGenerator {
    /// Example number `index` of the corpus with this seed. Its text has at least
    /// `config.length` UTF-8 bytes (the tasks are ASCII: bytes are characters).
    func example(index: Int, seed: UInt64) -> Example
}

extension SeededTaskGenerator {
    public func generate(count: Int, seed: UInt64) throws(TaskError) -> [Example] {
        guard count >= 0 else { throw .invalidConfig(parameter: "count", reason: "must be ≥ 0, got \(count)") }
        return (0..<count).map { example(index: $0, seed: seed) }
    }

    /// A fresh random stream for example `index`, distinct per task kind.
    func stream(index: Int, seed: UInt64) -> SeededRandom {
        SeededRandom(seed: seed &+ Self.kind.salt, stream: UInt64(index))
    }
}

func requireRange(_ value: Int, _ range: ClosedRange<Int>, _ name: String) throws(TaskError) {
    guard range.contains(value) else {
        throw .invalidConfig(parameter: name, reason: "must be in \(range.lowerBound)...\(range.upperBound), got \(value)")
    }
}
