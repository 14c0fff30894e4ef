import Foundation

/// Counts the files the store hashes (publishing and verifying), so a test can prove that
/// reusing an intact artifact reads no file content.
public final class HashCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    public init() {}

    public var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    public func reset() { lock.lock(); count = 0; lock.unlock() }
    func add() { lock.lock(); count += 1; lock.unlock() }
}

extension ArtifactStore {
    /// Every file hashed by any store of this process.
    public static let hashCounter = HashCounter()
}
