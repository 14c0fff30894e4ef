import Foundation
import XCTest
import LabCore
@testable import LabCLI
#if canImport(Glibc)
import Glibc
#endif

/// `lab fsck` rehashes every artifact against its lab-step.json and the ledger.
final class FsckCommandTests: XCTestCase {
    func testACleanWorkspaceIsClean() throws {
        let (ws, _, _, _) = try DamageFixture.published()
        let fsck = ws.lab("fsck")
        XCTAssertEqual(fsck.code, 0, fsck.out + fsck.err)
        XCTAssertEqual(fsck.out.lines(startingWith: "ledger "), ["ledger    integrity ok"], fsck.out)
        XCTAssertEqual(fsck.out.lines(startingWith: "checked "), ["checked 2 artifacts: 0 damaged, 0 missing, 0 unknown"], fsck.out)
        XCTAssertEqual(fsck.out.lines(startingWith: "damaged "), [])
        XCTAssertTrue(ws.lab("fsck", "--help").out.hasPrefix("Usage: lab fsck [--repair]"))
    }

    func testASameSizeEditWithTheRecordedTimeIsFound() throws {
        let (ws, _, a, _) = try DamageFixture.published()
        let file = "\(ws.root.path)/artifacts/\(a)/out.txt"
        let recorded = DamageFixture.timestamp(file)
        try "hellp".write(toFile: file, atomically: false, encoding: .utf8)
        DamageFixture.setTimestamp(file, recorded)
        let fsck = ws.lab("fsck")
        XCTAssertEqual(fsck.code, 1, fsck.out + fsck.err)
        XCTAssertEqual(fsck.out.lines(startingWith: "damaged "), ["damaged   artifacts/\(a) (a): out.txt changed"], fsck.out)
        XCTAssertTrue(fsck.out.contains("checked 2 artifacts: 1 damaged, 0 missing, 0 unknown"), fsck.out)
    }

    func testADeletedAndATruncatedFileAreFoundAndRepairMovesThemAside() throws {
        let (ws, path, a, b) = try DamageFixture.published()
        try FileManager.default.removeItem(atPath: "\(ws.root.path)/artifacts/\(a)/out.txt")
        XCTAssertEqual(truncate("\(ws.root.path)/artifacts/\(b)/b.txt", 1), 0)
        let fsck = ws.lab("fsck")
        XCTAssertEqual(fsck.code, 1, fsck.out + fsck.err)
        XCTAssertEqual(Set(fsck.out.lines(startingWith: "damaged ")),
                       ["damaged   artifacts/\(a) (a): out.txt missing", "damaged   artifacts/\(b) (b): b.txt changed"], fsck.out)
        XCTAssertEqual(DamageFixture.damaged(ws), [], "without --repair nothing moves")

        let repair = ws.lab("fsck", "--repair")
        XCTAssertEqual(repair.code, 1, repair.out + repair.err)
        XCTAssertEqual(repair.out.lines(startingWith: "moved ").count, 2, repair.out)
        XCTAssertEqual(DamageFixture.damaged(ws).count, 2)
        XCTAssertFalse(ws.artifacts().contains(a))

        // Their results are still in the ledger, their folders gone: reported, not an error.
        let after = ws.lab("fsck")
        XCTAssertEqual(after.code, 0, after.out + after.err)
        XCTAssertEqual(Set(after.out.lines(startingWith: "missing ")),
                       ["missing   artifacts/\(a) (a): recorded in the ledger, not on disk",
                        "missing   artifacts/\(b) (b): recorded in the ledger, not on disk"], after.out)

        let rerun = ws.lab("run", path)
        XCTAssertEqual(rerun.code, 0, rerun.err)
        XCTAssertEqual(rerun.out.lines(startingWith: "ran ").count, 2, rerun.out)
        XCTAssertEqual(ws.lab("fsck").out.lines(startingWith: "checked "), ["checked 2 artifacts: 0 damaged, 0 missing, 0 unknown"])
    }

    func testUnknownFoldersAndUnrecordedFilesAreReported() throws {
        let (ws, _, a, _) = try DamageFixture.published()
        let stray = String(repeating: "ab", count: 32)
        try ws.write("artifacts/\(stray)/x.txt", "x")
        try ws.write("artifacts/notes", "mine")
        try ws.write("artifacts/\(a)/extra.txt", "extra")
        let fsck = ws.lab("fsck")
        XCTAssertEqual(fsck.code, 1, fsck.out + fsck.err)
        XCTAssertEqual(fsck.out.lines(startingWith: "damaged "), ["damaged   artifacts/\(stray): lab-step.json missing"], fsck.out)
        XCTAssertEqual(fsck.out.lines(startingWith: "unknown ").sorted(),
                       ["unknown   artifacts/\(stray): no result in the ledger", "unknown   artifacts/notes: not an artifact"],
                       fsck.out)
        XCTAssertEqual(fsck.out.lines(startingWith: "extra "), ["extra     artifacts/\(a)/extra.txt: not recorded"], fsck.out)
        XCTAssertTrue(fsck.out.contains("checked 3 artifacts: 1 damaged, 0 missing, 2 unknown"), fsck.out)
    }

    func testAStepFileThatDisagreesWithTheLedgerIsDamaged() throws {
        let (ws, _, a, _) = try DamageFixture.published()
        // Rewrite the artifact consistently (file and lab-step.json) behind the ledger's back.
        let dir = "\(ws.root.path)/artifacts/\(a)"
        let old = try String(contentsOfFile: dir + "/lab-step.json", encoding: .utf8)
        let sha = { (text: String) in SHA256.hex(text) }
        try "hellp".write(toFile: dir + "/out.txt", atomically: false, encoding: .utf8)
        try old.replacingOccurrences(of: sha("hello"), with: sha("hellp"))
            .write(toFile: dir + "/lab-step.json", atomically: true, encoding: .utf8)
        let fsck = ws.lab("fsck")
        XCTAssertEqual(fsck.code, 1, fsck.out + fsck.err)
        XCTAssertEqual(fsck.out.lines(startingWith: "damaged "),
                       ["damaged   artifacts/\(a) (a): out.txt differs from the ledger"], fsck.out)
    }
}
