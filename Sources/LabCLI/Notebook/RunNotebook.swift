import Foundation
import Ledger
import Notebook

/// Writes a run's notebook into its folder, `experiments/run-N/` under the workspace home.
/// `lab run` calls it at the end of every run; `lab notebook RUN` rewrites it.
enum RunNotebook {
    /// Writes `notebook.html` and `notebook.md`; returns the HTML file's URL.
    @discardableResult
    static func write(runID: Int, ledger: LedgerStore, home: URL) throws -> URL {
        try writeFiles(runID: runID, ledger: ledger, home: home).html
    }

    /// Writes both files; returns both URLs.
    @discardableResult
    static func writeFiles(runID: Int, ledger: LedgerStore, home: URL) throws -> (html: URL, markdown: URL) {
        let document = try NotebookBuilder.document(runID: runID, ledger: ledger)
        return try NotebookWriter.write(document, to: folder(runID: runID, home: home))
    }

    /// `HOME/experiments/run-N`.
    static func folder(runID: Int, home: URL) -> URL {
        home.appendingPathComponent("experiments").appendingPathComponent("run-\(runID)")
    }
}
