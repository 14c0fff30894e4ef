import Foundation
import XCTest
import LabCore
@testable import LabCLI

/// Same key, same bytes: the token-weighting recipe's smoke profile run in two workspaces,
/// one step at a time on one thread each (`-j 1 --threads 1`) and one step at a time on every
/// core (`-j 1`), gives the same key and the same output files for every step. (With `-j 2` the
/// recipe's steps mostly overlap, so most would get one thread each: not a test of threads.)
final class ThreadInvariantRunTests: XCTestCase {
    /// Step id → (key, file path → SHA-256) of every published file but logs and lab-step.json
    /// (which hold times).
    func outputs(_ ws: RunTestWorkspace) throws -> [String: (key: String, files: [String: String])] {
        let show = ws.lab("show", "last", "--json")
        XCTAssertEqual(show.code, 0, show.err)
        let run = try Value.parseJSON(show.out)
        var result: [String: (key: String, files: [String: String])] = [:]
        for step in run["steps"].arrayValue ?? [] {
            guard let id = step["step"].stringValue, let key = step["key"].stringValue,
                  let dir = step["artifact_dir"].stringValue else { continue }
            let root = ws.root.appendingPathComponent(dir)
            var files: [String: String] = [:]
            for name in try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted()
            where !["log.txt", "lab-log.txt", "lab-step.json"].contains(name) {
                var isDirectory: ObjCBool = false
                let url = root.appendingPathComponent(name)
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                files[name] = try SHA256.hex(fileAt: url)
            }
            result[id] = (key, files)
        }
        return result
    }

    func testOneThreadAndSharedCoresGiveIdenticalArtifacts() throws {
        let text = try shippedRecipe("token-weighting.yaml")
        var runs: [[String: (key: String, files: [String: String])]] = []
        var threadCounts: [Set<Int>] = []
        for args in [["-j", "1", "--threads", "1"], ["-j", "1"]] {
            let ws = try RunTestWorkspace()
            let recipe = try ws.write("token-weighting.yaml", text)
            let run = LabCommand.run(["--home", ws.root.path, "run", recipe, "--profile", "smoke",
                                      "--set", "steps=12", "--set", "pre_steps=12"] + args,
                                     output: TextOutput(nil), errors: TextOutput(nil))
            XCTAssertEqual(run, 0, "lab run \(args)")
            runs.append(try outputs(ws))
            let show = try Value.parseJSON(ws.lab("show", "last", "--json").out)
            threadCounts.append(Set(show["steps"].arrayValue?.compactMap { $0["threads"].intValue } ?? []))
        }
        // The two runs really computed with different thread counts.
        XCTAssertEqual(threadCounts[0], [1])
        XCTAssertTrue(HostInfo.cores < 2 || threadCounts[1].contains(where: { $0 >= 2 }), "\(threadCounts[1])")
        let (one, shared) = (runs[0], runs[1])
        XCTAssertEqual(Set(one.keys), Set(shared.keys))
        XCTAssertGreaterThan(one.count, 10, "every step of the recipe was compared")
        var filesCompared = 0
        for (id, a) in one {
            guard let b = shared[id] else { continue }
            XCTAssertEqual(a.key, b.key, "\(id): key")
            XCTAssertEqual(a.files, b.files, "\(id): files")
            filesCompared += a.files.count
        }
        XCTAssertTrue(one.values.contains { $0.files["model.safetensors"] != nil }, "checkpoints are among the files")
        print("-j 1 --threads 1 vs -j 2: \(one.count) steps, \(filesCompared) files, identical keys and bytes")
    }
}
