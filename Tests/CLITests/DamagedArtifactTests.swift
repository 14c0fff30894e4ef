import Foundation
import XCTest
import Pipeline
@testable import LabCLI
#if canImport(Glibc)
import Glibc
#endif

/// A published artifact edited, truncated or emptied behind `lab`'s back is not reused: the next
/// run moves it aside to `artifacts/.damaged/`, recomputes the step and says so.
final class DamagedArtifactTests: XCTestCase {
    func statusLines(_ out: String) -> [String] {
        out.split(separator: "\n").map(String.init).filter { $0.hasPrefix("ran ") || $0.hasPrefix("cached ") }
    }

    /// Reruns with another suffix (so `b` must run and read `a`'s output) and checks that `a` was
    /// recomputed with `note`, `b` got the right input, the old folder is kept and `lab show`
    /// and the ledger tell.
    func assertRecomputed(_ ws: RunTestWorkspace, _ path: String, a: String, note: String,
                          damagedContent: String?, file: StaticString = #filePath, line: UInt = #line) throws {
        let rerun = ws.lab("run", path, "--set", "suffix=2")
        XCTAssertEqual(rerun.code, 0, rerun.out + rerun.err, file: file, line: line)
        let lines = statusLines(rerun.out)
        XCTAssertEqual(lines.count, 2, rerun.out, file: file, line: line)
        XCTAssertTrue(lines[0].hasPrefix("ran    a "), rerun.out, file: file, line: line)
        XCTAssertTrue(lines[0].hasSuffix(" s: recomputed: artifact damaged (\(note))"), rerun.out, file: file, line: line)
        XCTAssertTrue(lines[1].hasPrefix("ran    b "), rerun.out, file: file, line: line)
        XCTAssertEqual(try String(contentsOfFile: "\(ws.root.path)/artifacts/\(a)/out.txt", encoding: .utf8), "hello",
                       file: file, line: line)
        let outputsOfB = ws.artifacts().compactMap {
            try? String(contentsOfFile: "\(ws.root.path)/artifacts/\($0)/b.txt", encoding: .utf8)
        }
        XCTAssertEqual(outputsOfB.sorted(), ["hello1", "hello2"], file: file, line: line)

        let aside = DamageFixture.damaged(ws)
        XCTAssertEqual(aside.count, 1, file: file, line: line)
        XCTAssertTrue(aside.first?.hasPrefix(a + ".") == true, "\(aside)", file: file, line: line)
        XCTAssertEqual(try? String(contentsOfFile: "\(ws.root.path)/artifacts/.damaged/\(aside.first ?? "-")/out.txt", encoding: .utf8),
                       damagedContent, file: file, line: line)

        let show = ws.lab("show", "last")
        XCTAssertEqual(show.code, 0, show.err, file: file, line: line)
        XCTAssertTrue(show.out.contains("a: recomputed: artifact damaged (\(note))"), show.out, file: file, line: line)
        let query = ws.lab("query", "SELECT step, status, error FROM step_results WHERE run = (SELECT MAX(run) FROM step_results) ORDER BY step")
        XCTAssertTrue(query.out.contains("recomputed: artifact damaged (\(note))"), query.out, file: file, line: line)

        let again = ws.lab("run", path, "--set", "suffix=2")
        XCTAssertEqual(statusLines(again.out), ["cached a", "cached b"], again.out, file: file, line: line)
    }

    func testSameSizeEditWithTheRecordedTimeIsReusedButOneWithANewTimeIsRecomputed() throws {
        let (ws, path, a, _) = try DamageFixture.published()
        let file = "\(ws.root.path)/artifacts/\(a)/out.txt"
        let recorded = DamageFixture.timestamp(file)
        try "hellp".write(toFile: file, atomically: false, encoding: .utf8)
        DamageFixture.setTimestamp(file, recorded)
        // Same size, same time: the cheap check cannot tell; `lab fsck` can (FsckCommandTests).
        let cheap = ws.lab("run", path)
        XCTAssertEqual(statusLines(cheap.out), ["cached a", "cached b"], cheap.out)

        DamageFixture.setTimestamp(file, timespec(tv_sec: recorded.tv_sec + 1, tv_nsec: recorded.tv_nsec))
        try assertRecomputed(ws, path, a: a, note: "out.txt changed", damagedContent: "hellp")
    }

    func testADeletedFileIsRecomputed() throws {
        let (ws, path, a, _) = try DamageFixture.published()
        try FileManager.default.removeItem(atPath: "\(ws.root.path)/artifacts/\(a)/out.txt")
        try assertRecomputed(ws, path, a: a, note: "out.txt missing", damagedContent: nil)
    }

    func testATruncatedFileIsRecomputed() throws {
        let (ws, path, a, _) = try DamageFixture.published()
        let file = "\(ws.root.path)/artifacts/\(a)/out.txt"
        XCTAssertEqual(truncate(file, 2), 0)
        try assertRecomputed(ws, path, a: a, note: "out.txt changed", damagedContent: "he")
    }

    func testADeletedStepFileIsRecomputed() throws {
        let (ws, path, a, _) = try DamageFixture.published()
        try FileManager.default.removeItem(atPath: "\(ws.root.path)/artifacts/\(a)/lab-step.json")
        try assertRecomputed(ws, path, a: a, note: "lab-step.json missing", damagedContent: "hello")
    }

    func testAReRunOfACleanWorkspaceHashesNothing() throws {
        let (ws, path, a, _) = try DamageFixture.published()
        ArtifactStore.hashCounter.reset()
        let rerun = ws.lab("run", path)
        XCTAssertEqual(statusLines(rerun.out), ["cached a", "cached b"], rerun.out)
        XCTAssertEqual(ArtifactStore.hashCounter.value, 0)

        // A file touched but unchanged is rehashed once, then its new time is recorded.
        let file = "\(ws.root.path)/artifacts/\(a)/out.txt"
        let recorded = DamageFixture.timestamp(file)
        DamageFixture.setTimestamp(file, timespec(tv_sec: recorded.tv_sec + 5, tv_nsec: 0))
        ArtifactStore.hashCounter.reset()
        XCTAssertEqual(statusLines(ws.lab("run", path).out), ["cached a", "cached b"])
        XCTAssertEqual(ArtifactStore.hashCounter.value, 1)
        ArtifactStore.hashCounter.reset()
        XCTAssertEqual(statusLines(ws.lab("run", path).out), ["cached a", "cached b"])
        XCTAssertEqual(ArtifactStore.hashCounter.value, 0)
    }

    /// A cache hit reads only part of lab-step.json; re-recording a touched file's time
    /// rewrites the whole file (resolved step and keyed form kept), with the new time.
    func testATouchedFilesNewTimeIsRecordedInTheWholeStepFile() throws {
        let (ws, path, a, _) = try DamageFixture.published()
        let store = ArtifactStore(workspace: Workspace(home: ws.root))
        let before = try XCTUnwrap(store.lookup(key: a))
        let reused = try XCTUnwrap(store.lookup(key: a, forReuse: true))
        XCTAssertEqual(reused.files, before.files)
        XCTAssertEqual(reused.result, before.result)
        XCTAssertEqual(reused.modificationTimes, before.modificationTimes)
        XCTAssertTrue(reused.step.isNull && reused.keyedForm.isNull, "a reuse does not read them")

        let file = "\(ws.root.path)/artifacts/\(a)/out.txt"
        let touched = timespec(tv_sec: DamageFixture.timestamp(file).tv_sec + 5, tv_nsec: 0)
        DamageFixture.setTimestamp(file, touched)
        XCTAssertEqual(statusLines(ws.lab("run", path).out), ["cached a", "cached b"])
        let after = try XCTUnwrap(store.lookup(key: a))
        XCTAssertEqual(after.step, before.step)
        XCTAssertEqual(after.keyedForm, before.keyedForm)
        XCTAssertFalse(after.keyedForm.isNull)
        XCTAssertEqual(after.modificationTimes["out.txt"], Int64(touched.tv_sec) * 1_000_000_000)
    }

    /// A lab-step.json written before times were recorded is checked by hashing, once.
    func testAnOlderStepFileWithoutTimesIsHashedOnceThenStamped() throws {
        let (ws, path, a, b) = try DamageFixture.published()
        for key in [a, b] {
            let stepFile = "\(ws.root.path)/artifacts/\(key)/lab-step.json"
            let text = try String(contentsOfFile: stepFile, encoding: .utf8)
            let stripped = text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.contains("\"mtime_ns\"") }.joined(separator: "\n")
            XCTAssertNotEqual(stripped, text)
            try stripped.write(toFile: stepFile, atomically: true, encoding: .utf8)
        }
        // Damage under the old format is still found (by hashing).
        try "hellp".write(toFile: "\(ws.root.path)/artifacts/\(a)/out.txt", atomically: false, encoding: .utf8)
        ArtifactStore.hashCounter.reset()
        let rerun = ws.lab("run", path)
        XCTAssertEqual(rerun.code, 0, rerun.err)
        XCTAssertTrue(rerun.out.contains("ran    a"), rerun.out)
        XCTAssertTrue(rerun.out.contains("recomputed: artifact damaged (out.txt changed)"), rerun.out)
        XCTAssertEqual(statusLines(rerun.out).last, "cached b")
        let bFiles = try XCTUnwrap(ArtifactStore(workspace: Workspace(home: ws.root)).lookup(key: b)).files.count
        XCTAssertGreaterThan(ArtifactStore.hashCounter.value, bFiles)

        ArtifactStore.hashCounter.reset()
        XCTAssertEqual(statusLines(ws.lab("run", path).out), ["cached a", "cached b"])
        XCTAssertEqual(ArtifactStore.hashCounter.value, 0)
    }
}
