import Foundation
import LabCore
import XCTest
@testable import LabCLI

/// A run of a recipe kept in git records the commit and whether tracked files had uncommitted
/// changes, read from `.git` by lab itself; `git` is used here only to make the repository.
final class GitProvenanceTests: XCTestCase {
    func git(_ args: [String], in directory: URL) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/git") else { throw XCTSkip("no /usr/bin/git") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-c", "user.email=lab@example.org", "-c", "user.name=lab"] + args
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "git \(args)")
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testARunRecordsTheCommitAndWhetherTrackedFilesChanged() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("recipes/shell.yaml", try shippedRecipe("shell-example.yaml"))
        try ws.write("notes.txt", "first\n")
        _ = try git(["init", "-q", "-b", "main"], in: ws.root)
        _ = try git(["add", "recipes", "notes.txt"], in: ws.root)
        _ = try git(["commit", "-q", "-m", "recipe"], in: ws.root)
        let commit = try git(["rev-parse", "HEAD"], in: ws.root)

        XCTAssertEqual(ws.lab("run", recipe, "--profile", "smoke").code, 0)
        let clean = ws.lab("show", "1")
        XCTAssertTrue(clean.out.contains("git        \(commit.prefix(12)) (main), clean"), clean.out)
        let json = try Value.parseJSON(ws.lab("show", "1", "--json").out)
        XCTAssertEqual(json["git"]["commit"].stringValue, commit)
        XCTAssertEqual(json["git"]["dirty"].boolValue, false)

        // Same size, another byte: found by hashing the blob as git does.
        try ws.write("notes.txt", "frist\n")
        XCTAssertEqual(ws.lab("run", recipe, "--profile", "smoke").code, 0)
        let dirty = ws.lab("show", "2")
        XCTAssertTrue(dirty.out.contains("(main), uncommitted changes: notes.txt"), dirty.out)
        let notebook = try String(contentsOfFile: ws.root.path + "/experiments/run-2/notebook.md", encoding: .utf8)
        XCTAssertTrue(notebook.contains("| git | \(commit.prefix(12)) (main), uncommitted changes: notes.txt |"), notebook)

        // A recipe git does not track: the commit alone would not give it back.
        let untracked = try ws.write("recipes/new.yaml", try shippedRecipe("shell-example.yaml"))
        XCTAssertEqual(ws.lab("run", untracked, "--profile", "smoke").code, 0)
        XCTAssertTrue(ws.lab("show", "3").out.contains("uncommitted changes: recipes/new.yaml (untracked), notes.txt"))

        // The export carries it too.
        let bundle = ws.root.appendingPathComponent("x.lab").path
        XCTAssertEqual(ws.lab("export", "2", "-o", bundle).code, 0)
        let lock = try Value.parseJSON(String(contentsOfFile: bundle + "/lab-export.json", encoding: .utf8))
        XCTAssertEqual(lock["git"]["commit"].stringValue, commit)
        XCTAssertEqual(lock["git"]["dirty"].boolValue, true)
    }

    func testOutsideGitNothingIsRecordedAndThisRepositoryReadsAsGitDoes() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("r.yaml", try shippedRecipe("shell-example.yaml"))
        XCTAssertEqual(ws.lab("run", recipe, "--profile", "smoke").code, 0)
        XCTAssertFalse(ws.lab("show", "1").out.contains("git "))

        // This source tree (a clone or a linked worktree): the same commit as git's.
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let commit = try git(["rev-parse", "HEAD"], in: here)
        XCTAssertEqual(GitProvenance.of(path: #filePath)?.commit, commit)
    }

    func testSHA1MatchesKnownDigests() {
        XCTAssertEqual(SHA1.hex(Array("abc".utf8)), "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(SHA1.hex([]), "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        // git hash-object of "hello\n"
        XCTAssertEqual(GitIndex.blobSHA(Array("hello\n".utf8)), "ce013625030ba8dba906f756967f9e9ca394464a")
    }
}
