import Foundation
import LabCore

/// Follows a file the child writes (its stdout or stderr) in bounded blocks: each read returns
/// the complete lines added since the last one (at most `blockLimit` bytes of them, as one text)
/// and keeps the last few lines for the failure message. Time is linear in the output and
/// memory bounded, however much the command prints. Read by the watcher's timer while the
/// child runs, then by the worker after the watcher stopped: never at once.
final class OutputTail: @unchecked Sendable {
    static let blockLimit = 1 << 20
    /// A "line" longer than this is cut, so that output without newlines stays bounded.
    static let lineLimit = 1 << 16
    static let tailLength = 20

    let url: URL
    private var handle: FileHandle?
    private var partial = Data()
    private var tail = LineTail(capacity: OutputTail.tailLength)

    init(url: URL) { self.url = url }
    deinit { try? handle?.close() }

    var lastLines: [String] { tail.lines }

    struct Block {
        /// Complete lines, each ending in a newline; empty when none arrived.
        var text: String
        /// True when the file may hold more right now (the read stopped at `blockLimit`).
        var hasMore: Bool
    }

    /// The next block of complete lines; with `flush`, a final line without a newline too.
    func readBlock(flush: Bool = false) -> Block {
        if handle == nil { handle = try? FileHandle(forReadingFrom: url) }
        let chunk = (try? handle?.read(upToCount: OutputTail.blockLimit)) ?? nil
        let hasMore = (chunk?.count ?? 0) == OutputTail.blockLimit
        var data = partial
        if let chunk { data.append(chunk) }
        var complete: Data
        if let newline = data.lastIndex(of: 0x0A) {
            complete = data[data.startIndex...newline]
            partial = Data(data[data.index(after: newline)...])
        } else {
            complete = Data()
            partial = data
        }
        if partial.count > OutputTail.lineLimit || (flush && !hasMore && !partial.isEmpty) {
            complete.append(partial)
            complete.append(0x0A)
            partial = Data()
        }
        let text = String(decoding: complete, as: UTF8.self)
        if !text.isEmpty { tail.append(text) }
        return Block(text: text, hasMore: hasMore)
    }
}
