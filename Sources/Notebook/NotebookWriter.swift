import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a run's notebook files: `notebook.html` and `notebook.md`.
public enum NotebookWriter {
    public static let htmlName = "notebook.html"
    public static let markdownName = "notebook.md"

    /// Renders `document` and writes both files into `directory` (created if needed). Each file
    /// is written to a temporary name in the same directory and renamed over the old one, so a
    /// reader sees the old notebook or the new one, never half of one. The files are not forced
    /// to disk (no fsync: it was a fifth of a cached 100-step rerun); a notebook a power cut
    /// loses is written again by `lab notebook N` from the ledger.
    /// Returns the URLs of the HTML and the Markdown file.
    @discardableResult
    public static func write(_ document: NotebookDocument, to directory: URL) throws -> (html: URL, markdown: URL) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw NotebookError.writeFailed(path: directory.path, reason: error.localizedDescription)
        }
        let html = directory.appendingPathComponent(htmlName)
        let markdown = directory.appendingPathComponent(markdownName)
        try writeAtomically(NotebookRenderer.html(document), to: html)
        try writeAtomically(NotebookRenderer.markdown(document), to: markdown)
        return (html, markdown)
    }

    static func writeAtomically(_ text: String, to destination: URL) throws {
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        if let reason = write(text, toNewFile: temporary.path) {
            try? FileManager.default.removeItem(at: temporary)
            throw NotebookError.writeFailed(path: destination.path, reason: reason)
        }
        // rename(2) replaces the destination in one step (FileManager.moveItem refuses to).
        if rename(temporary.path, destination.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw NotebookError.writeFailed(path: destination.path, reason: reason)
        }
    }

    /// Creates `path` (it must not exist) and writes `text` into it; nil, or why it failed.
    private static func write(_ text: String, toNewFile path: String) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)   // as umask allows
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        var text = text
        return text.withUTF8 { bytes -> String? in
            var offset = 0
            while offset < bytes.count {
                let n = systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += n
            }
            return nil
        }
    }
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}
