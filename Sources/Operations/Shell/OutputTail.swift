import Foundation

/// Follows a file the child writes (its stdout or stderr): returns the complete lines added
/// since the last read, and keeps the last few for the failure message. Read by the watcher's
/// timer while the child runs, then by the worker after the watcher stopped: never at once.
final class OutputTail: @unchecked Sendable {
    let url: URL
    private var offset: UInt64 = 0
    private var partial = Data()
    private(set) var lastLines: [String] = []

    init(url: URL) { self.url = url }

    /// New complete lines; with `flush`, also a final line without a newline.
    func readNewLines(flush: Bool = false) -> [String] {
        var data = Data()
        if let handle = try? FileHandle(forReadingFrom: url) {
            defer { try? handle.close() }
            if (try? handle.seek(toOffset: offset)) != nil, let chunk = try? handle.readToEnd() {
                data = chunk
                offset += UInt64(chunk.count)
            }
        }
        partial.append(data)
        var lines: [String] = []
        while let newline = partial.firstIndex(of: 0x0A) {
            lines.append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
            partial.removeSubrange(partial.startIndex...newline)
        }
        if flush && !partial.isEmpty {
            lines.append(String(decoding: partial, as: UTF8.self))
            partial.removeAll()
        }
        lastLines = Array((lastLines + lines).suffix(20))
        return lines
    }
}
