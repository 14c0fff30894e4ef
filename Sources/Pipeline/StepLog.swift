import Foundation

/// One executed step's log: every `context.log` line, written through to
/// `experiments/run-N/logs/<step>.log` at once (so a killed run keeps it), with the last lines
/// kept in memory for the failure message.
public final class StepLog: @unchecked Sendable {
    public static let tailLength = 20

    public let file: URL
    private let lock = NSLock()
    private var handle: FileHandle?
    private var tail: [String] = []
    private var lineCount = 0

    public init(file: URL) throws(PipelineError) {
        self.file = file
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw PipelineError.store("cannot create \(file.path)")
            }
            handle = try FileHandle(forWritingTo: file)
        } catch let e as PipelineError {
            throw e
        } catch {
            throw .store("cannot open log \(file.path): \(PipelineError.reason(error))")
        }
    }

    deinit { try? handle?.close() }

    /// Appends one entry; an entry with newlines counts as several lines.
    public func append(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        var text = text
        if text.hasSuffix("\n") { text.removeLast() }
        try? handle?.write(contentsOf: Data((text + "\n").utf8))
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            tail.append(String(line))
            lineCount += 1
        }
        if tail.count > StepLog.tailLength * 2 { tail.removeFirst(tail.count - StepLog.tailLength) }
    }

    /// The last `count` lines (default: `tailLength`).
    public func lastLines(_ count: Int = StepLog.tailLength) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return Array(tail.suffix(count))
    }

    public var isEmpty: Bool {
        lock.lock()
        defer { lock.unlock() }
        return lineCount == 0
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        try? handle?.close()
        handle = nil
    }
}
