import Foundation
import XCTest
import LabCore
@testable import Ledger

/// Reading commands open the ledger read-only: they never write the file, never create its
/// `-wal`/`-shm` companions, and never migrate. Tests run as root, where `chmod a-w` is not
/// enforced, so these compare the file's bytes, mtime and directory listing instead.
final class ReadOnlyLedgerTests: LedgerTestCase {
    var home: URL { directory }

    /// A closed ledger with one finished run (its last writer gone: no -wal or -shm left; the
    /// run finished, so no reader has a dead run to mark abandoned).
    func makeLedger() throws {
        let store = try makeStore()
        let run = try store.beginRun(runStart())
        try store.recordStep(step(run: run, id: "a", params: ["dim": 64], key: key("a"), scalars: ["loss": 1.5]))
        try store.finishRun(run, status: .succeeded, finishedAt: Date())
    }

    struct Snapshot: Equatable {
        let bytes: Data
        let modified: Date
        let listing: [String]
    }

    func snapshot() throws -> Snapshot {
        let attributes = try FileManager.default.attributesOfItem(atPath: ledgerPath)
        return Snapshot(bytes: try Data(contentsOf: URL(fileURLWithPath: ledgerPath)),
                        modified: attributes[.modificationDate] as? Date ?? .distantPast,
                        listing: try FileManager.default.contentsOfDirectory(atPath: directory.path + "/experiments").sorted())
    }

    func testReadersNeitherWriteNorCreateCompanionFiles() throws {
        try makeLedger()
        let before = try snapshot()
        XCTAssertEqual(before.listing, ["ledger.sqlite", "run-1"])   // run-1 holds the run's lock file
        do {
            let reader = try LedgerStore.reading(inWorkspace: home)
            XCTAssertTrue(reader.isReadOnly)
            XCTAssertEqual(try reader.runs().count, 1)
            XCTAssertEqual(try reader.results(where: "dim = 64").count, 1)
            XCTAssertEqual(try reader.query("SELECT count(*) FROM steps").rows.count, 1)
            XCTAssertEqual(try snapshot().listing, ["ledger.sqlite", "run-1"], "no -wal/-shm while reading")
        }
        XCTAssertEqual(try snapshot(), before)
    }

    func testAReaderBesideAWriterSeesItsCommits() throws {
        try makeLedger()
        let writer = try makeStore()
        _ = try writer.beginRun(runStart(recipe: "second"))
        let reader = try LedgerStore.reading(inWorkspace: home)
        XCTAssertEqual(try reader.runs().map(\.recipeName).sorted(), ["demo", "second"])
    }

    func testAnOlderSchemaIsReportedNotMigrated() throws {
        try makeLedger()
        do {
            let db = try SQLiteConnection(path: ledgerPath, readOnly: false)
            try db.execute("PRAGMA user_version = \(LedgerSchema.currentVersion - 1)")
        }
        let before = try snapshot()
        XCTAssertThrowsError(try LedgerStore.reading(inWorkspace: home)) { error in
            XCTAssertEqual("\(error)", "\(ledgerPath) has ledger schema version \(LedgerSchema.currentVersion - 1); this lab reads version \(LedgerSchema.currentVersion). Reading commands never migrate: run 'lab run' once with write access to the workspace to upgrade it")
        }
        XCTAssertEqual(try snapshot(), before)
    }

    func testAMissingLedgerIsNoRuns() throws {
        XCTAssertThrowsError(try LedgerStore.reading(inWorkspace: home)) { error in
            XCTAssertEqual("\(error)", "no runs recorded yet in \(home.path)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.path + "/experiments"))
    }
}
