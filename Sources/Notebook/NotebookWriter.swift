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
    /// reader sees the old notebook or the new one, never half of one.
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
        do {
            try Data(text.utf8).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw NotebookError.writeFailed(path: destination.path, reason: error.localizedDescription)
        }
        // rename(2) replaces the destination in one step (FileManager.moveItem refuses to).
        if rename(temporary.path, destination.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw NotebookError.writeFailed(path: destination.path, reason: reason)
        }
    }
}
