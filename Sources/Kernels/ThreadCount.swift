import Foundation
internal import COpenBLAS

/// The process-wide thread count, behind a lock (read from any thread).
final class ThreadCount: @unchecked Sendable {
    static let shared = ThreadCount()
    private let lock = NSLock()
    private var value: Int

    private init() {
        value = 1
        openblas_set_num_threads(1)
    }

    func get() -> Int { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ n: Int) { lock.lock(); value = n; lock.unlock() }
}
