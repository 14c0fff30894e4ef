import Foundation
import LabCore

/// One executed step's log: every `context.log` entry, written through to
/// `experiments/run-N/logs/<step>.log` at once (so a killed run keeps it), with the last lines
/// kept in memory for the failure message. An entry may be a block of many lines (a shell
/// step's output arrives so): it is written in one go, and only its end is read for the tail.
public final class StepLog: @unchecked Sendable {
    public static let tailLength = 20

    public let file: URL
    private let lock = NSLock()
    private var handle: FileHandle?
    private var tail = LineTail(capacity: StepLog.tailLength)
    private var hasLines = false

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
        // By bytes: in Characters, "\r\n" is one that is not "\n".
        let body = text.utf8.last == 0x0A ? text[..<text.utf8.index(before: text.utf8.endIndex)] : text[...]
        var bytes = Data(body.utf8)
        bytes.append(0x0A)
        try? handle?.write(contentsOf: bytes)
        tail.append(body)
        hasLines = true
    }

    /// The last `count` lines (default: `tailLength`).
    public func lastLines(_ count: Int = StepLog.tailLength) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return Array(tail.lines.suffix(count))
    }

    public var isEmpty: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !hasLines
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        try? handle?.close()
        handle = nil
    }
}
