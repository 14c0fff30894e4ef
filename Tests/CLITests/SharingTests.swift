import Foundation
import LabCore
import XCTest
@testable import LabCLI

/// `lab export`, `lab verify`, `lab run EXPORT`, and the shared store (`--store`, `lab push`,
/// `lab pull`, `lab fsck --store`), end to end in temporary workspaces.
final class SharingTests: XCTestCase {
    /// Two shell steps: `count` reads an input file declared beside the recipe, `twice` reads
    /// `count`'s output. Each appends a line to COUNTER_DIR/<step> when it computes, so tests
    /// can count computations outside every output folder.
    static func recipe(counterDirectory: String, sleep: Double = 0) -> String {
        """
        lab: 1
        name: tiny
        params:
          n: 3
        profiles:
          quick: {n: 2}
        steps:
          count:
            op: shell
            with:
              run: |
                echo computed >> "$COUNTERS/count"
                sleep \(sleep)
                head -n "$N" "$LAB_INPUT_0" > out.txt
                echo "{\\"lines\\": $(wc -l < out.txt)}" > "$LAB_METRICS"
              inputs: [data/words.txt]
              env: {N: "${n}", COUNTERS: "\(counterDirectory)"}
          twice:
            op: shell
            with:
              run: |
                echo computed >> "$COUNTERS/twice"
                sleep \(sleep)
                cat "$C/out.txt" "$C/out.txt" > twice.txt
                echo '{"x": 0.5}' > "$LAB_METRICS"
              env: {C: "${steps.count}", COUNTERS: "\(counterDirectory)"}

        """
    }

    /// A workspace with the recipe and its input; returns the recipe's path.
    static func prepare(_ ws: RunTestWorkspace, counters: URL, sleep: Double = 0) throws -> String {
        try FileManager.default.createDirectory(at: counters, withIntermediateDirectories: true)
        try ws.write("recipes/data/words.txt", "alpha\nbeta\ngamma\ndelta\n")
        return try ws.write("recipes/tiny.yaml", Self.recipe(counterDirectory: counters.path, sleep: sleep))
    }

    static func computations(_ counters: URL, _ step: String) -> Int {
        ((try? String(contentsOf: counters.appendingPathComponent(step), encoding: .utf8)) ?? "")
            .split(separator: "\n").count
    }

    /// A run of the tiny recipe with a profile and a --set, exported.
    func exported(_ ws: RunTestWorkspace, withArtifacts: Bool = false) throws -> (bundle: String, counters: URL) {
        let counters = ws.root.appendingPathComponent("counters")
        let recipe = try Self.prepare(ws, counters: counters)
        let run = ws.lab("run", recipe, "--profile", "quick", "--set", "n=3")
        XCTAssertEqual(run.code, 0, run.out + run.err)
        let bundle = ws.root.appendingPathComponent("shared/tiny.lab").path
        try FileManager.default.createDirectory(atPath: ws.root.appendingPathComponent("shared").path, withIntermediateDirectories: true)
        let export = withArtifacts ? ws.lab("export", "1", "-o", bundle, "--with-artifacts") : ws.lab("export", "1", "-o", bundle)
        XCTAssertEqual(export.code, 0, export.out + export.err)
        XCTAssertTrue(export.out.contains("reproduce with: lab verify"), export.out)
        return (bundle, counters)
    }

    func testExportHoldsTheRecipeInputsAndLockAndVerifiesBitwiseElsewhere() throws {
        let ws = try RunTestWorkspace()
        let (bundle, _) = try exported(ws)
        let notebook = try String(contentsOfFile: ws.root.path + "/experiments/run-1/notebook.md", encoding: .utf8)
        XCTAssertTrue(notebook.contains("lab export 1") && notebook.contains("lab verify FOLDER"), notebook)
        XCTAssertTrue(notebook.contains("head -n \"$N\""), "the notebook embeds the recipe")
        let lock = try Value.parseJSON(String(contentsOfFile: bundle + "/lab-export.json", encoding: .utf8))
        XCTAssertEqual(lock["invocation"]["profile"].stringValue, "quick")
        XCTAssertEqual(lock["invocation"]["set"].arrayValue, [.string("n=3")])
        XCTAssertEqual(lock["inputs"].arrayValue?.first?["path"].stringValue, "data/words.txt")
        XCTAssertEqual(try String(contentsOfFile: bundle + "/recipe/data/words.txt", encoding: .utf8), "alpha\nbeta\ngamma\ndelta\n")
        XCTAssertNotNil(lock["environment"]["blas_core"].stringValue)
        let steps = try XCTUnwrap(lock["steps"].arrayValue)
        XCTAssertEqual(steps.map { $0["id"].stringValue }, ["count", "twice"])
        let show = try Value.parseJSON(ws.lab("show", "1", "--json").out)
        XCTAssertEqual(steps.map { $0["key"].stringValue }, show["steps"].arrayValue?.map { $0["key"].stringValue })
        XCTAssertEqual(steps[0]["metrics"]["scalars"]["lines"].doubleValue, 3)
        XCTAssertTrue(steps[0]["files"].arrayValue?.contains { $0["path"].stringValue == "out.txt" } ?? false)

        // A colleague's workspace: nothing there yet.
        let other = try RunTestWorkspace()
        let verify = other.lab("verify", bundle)
        XCTAssertEqual(verify.code, 0, verify.out + verify.err)
        XCTAssertTrue(verify.out.contains("equal   count"), verify.out)
        XCTAssertTrue(verify.out.contains("reproduced: 2 steps bitwise equal"), verify.out)
        XCTAssertTrue(verify.out.contains("environment: the same"), verify.out)
        XCTAssertEqual(other.artifacts(), [], "verify reruns in a scratch workspace")

        // `lab run EXPORT` runs it as exported (profile and --set), in this workspace.
        let run = other.lab("run", bundle)
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertEqual(run.out.lines(startingWith: "ran ").count, 2, run.out)
        let rerun = try Value.parseJSON(other.lab("show", "1", "--json").out)
        XCTAssertEqual(rerun["steps"].arrayValue?.map { $0["key"].stringValue }, steps.map { $0["key"].stringValue })
        XCTAssertNotEqual(other.lab("run", bundle, "--set", "n=1").code, 0, "an export runs with its own settings")
    }

    func testOneChangedByteOfAnOutputHashFailsVerifyNamingTheStepAndFile() throws {
        let ws = try RunTestWorkspace()
        let (bundle, _) = try exported(ws)
        let lockFile = bundle + "/lab-export.json"
        var lock = try Value.parseJSON(String(contentsOfFile: lockFile, encoding: .utf8))
        var steps = try XCTUnwrap(lock["steps"].arrayValue)
        var files = try XCTUnwrap(steps[1]["files"].arrayValue)
        let index = try XCTUnwrap(files.firstIndex { $0["path"].stringValue == "twice.txt" })
        var sha = Array(try XCTUnwrap(files[index]["sha256"].stringValue))
        sha[0] = sha[0] == "0" ? "1" : "0"
        var entry = try XCTUnwrap(files[index].objectValue)
        entry["sha256"] = .string(String(sha))
        files[index] = .object(entry)
        var step = try XCTUnwrap(steps[1].objectValue)
        step["files"] = .array(files)
        steps[1] = .object(step)
        var object = try XCTUnwrap(lock.objectValue)
        object["steps"] = .array(steps)
        lock = .object(object)
        try lock.prettyJSON.write(toFile: lockFile, atomically: true, encoding: .utf8)

        let verify = try RunTestWorkspace().lab("verify", bundle)
        XCTAssertEqual(verify.code, 1, verify.out + verify.err)
        XCTAssertTrue(verify.out.contains("equal   count"), verify.out)
        let line = try XCTUnwrap(verify.out.lines(startingWith: "DIFFERS twice").first, verify.out)
        XCTAssertTrue(line.contains("key equal") && line.contains("files differ: twice.txt"), line)
        XCTAssertTrue(verify.out.contains("NOT reproduced: 1 of 2 steps differ (first: twice)"), verify.out)
    }

    func testAChangedMetricIsReportedWithItsRelativeDifference() throws {
        let ws = try RunTestWorkspace()
        let (bundle, _) = try exported(ws)
        let lockFile = bundle + "/lab-export.json"
        let text = try String(contentsOfFile: lockFile, encoding: .utf8)
        XCTAssertTrue(text.contains("\"x\": 0.5"), text)
        try text.replacingOccurrences(of: "\"x\": 0.5", with: "\"x\": 0.4").write(toFile: lockFile, atomically: true, encoding: .utf8)
        let verify = try RunTestWorkspace().lab("verify", bundle)
        XCTAssertEqual(verify.code, 1)
        XCTAssertTrue(verify.out.contains("x differs by 0.2 (relative)"), verify.out)
        XCTAssertTrue(verify.out.contains("largest relative difference per metric, over all steps:\n  x  0.2\n"), verify.out)
        XCTAssertTrue(verify.out.contains("NOT reproduced: 1 of 2 steps differ (first: twice); largest relative metric difference 0.2"), verify.out)
    }

    func testATamperedInputOrRecipeInTheExportIsRefusedByName() throws {
        let ws = try RunTestWorkspace()
        let (bundle, _) = try exported(ws)
        try "alpha\nBETA\ngamma\ndelta\n".write(toFile: bundle + "/recipe/data/words.txt", atomically: true, encoding: .utf8)
        let verify = try RunTestWorkspace().lab("verify", bundle)
        XCTAssertEqual(verify.code, 1)
        XCTAssertTrue(verify.err.contains("input data/words.txt (recipe/data/words.txt) does not match its SHA-256"), verify.err)
    }

    func testExportRefusesInputsChangedSinceTheRunAndLeavesNothing() throws {
        let ws = try RunTestWorkspace()
        let counters = ws.root.appendingPathComponent("counters")
        let recipe = try Self.prepare(ws, counters: counters)
        XCTAssertEqual(ws.lab("run", recipe).code, 0)
        try ws.write("recipes/data/words.txt", "changed\n")
        let target = ws.root.appendingPathComponent("out.lab").path
        let export = ws.lab("export", "1", "-o", target)
        XCTAssertEqual(export.code, 1, export.out)
        XCTAssertTrue(export.err.contains("step 'count' no longer has run 1's key (did data/words.txt change since?)"), export.err)
        let left = try FileManager.default.contentsOfDirectory(atPath: ws.root.path).filter { $0.contains("out.lab") }
        XCTAssertEqual(left, [], "no partial export")
        XCTAssertNotEqual(ws.lab("export", "7", "-o", target).code, 0)
        XCTAssertEqual(ws.lab("export", "1", "-o", ws.root.path + "/no/such/folder.lab").code, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.root.path + "/no"))
    }

    func testWithArtifactsTheReceiversRunIsAllCached() throws {
        let ws = try RunTestWorkspace()
        let (bundle, counters) = try exported(ws, withArtifacts: true)
        XCTAssertEqual(Self.computations(counters, "count"), 1)
        let other = try RunTestWorkspace()
        let run = other.lab("run", bundle)
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertEqual(run.out.lines(startingWith: "ran ").count, 0, run.out)
        XCTAssertEqual(run.out.lines(startingWith: "cached ").count, 2, run.out)
        XCTAssertEqual(Self.computations(counters, "count"), 1, "nothing recomputed")
        XCTAssertEqual(other.lab("fsck").code, 0, "the imported artifacts are whole")

        // A damaged artifact in the export is never served: recomputed instead.
        let third = try RunTestWorkspace()
        let keys = try FileManager.default.contentsOfDirectory(atPath: bundle + "/artifacts").filter { !$0.hasPrefix(".") }
        for key in keys where FileManager.default.fileExists(atPath: bundle + "/artifacts/\(key)/out.txt") {
            try "alpha\nbeta\ngammA\n".write(toFile: bundle + "/artifacts/\(key)/out.txt", atomically: true, encoding: .utf8)
        }
        let damaged = third.lab("run", bundle)
        XCTAssertEqual(damaged.code, 0, damaged.out + damaged.err)
        XCTAssertTrue(damaged.out.contains("ran    count"), damaged.out)
        XCTAssertTrue(damaged.out.contains("holds a damaged copy (out.txt changed)"), damaged.out)
        XCTAssertEqual(Self.computations(counters, "count"), 2)
    }

    func testASecondWorkspaceSharingTheStoreComputesNothingAndPullFetches() throws {
        let store = try RunTestWorkspace()
        let first = try RunTestWorkspace(), second = try RunTestWorkspace()
        let counters = store.root.appendingPathComponent("counters")
        let recipe1 = try Self.prepare(first, counters: counters)
        let recipe2 = try Self.prepare(second, counters: counters)
        let storePath = store.root.appendingPathComponent("store").path
        XCTAssertEqual(first.lab("run", recipe1, "--store", storePath).code, 0)
        XCTAssertEqual(Self.computations(counters, "count"), 1)
        let run = second.lab("run", recipe2, "--store", storePath)
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertEqual(run.out.lines(startingWith: "cached ").count, 2, run.out)
        XCTAssertTrue(run.out.contains("cached count: fetched from \(storePath)"), run.out)
        XCTAssertEqual(Self.computations(counters, "count"), 1, "computed once for both workspaces")
        XCTAssertEqual(Self.computations(counters, "twice"), 1)

        // A folder a killed run left in the store's .tmp goes at the next run (its lock is free).
        let stale = storePath + "/.tmp/" + String(repeating: "cd", count: 32) + ".99999.1"
        try FileManager.default.createDirectory(atPath: stale + "/half", withIntermediateDirectories: true)
        XCTAssertEqual(second.lab("run", recipe2, "--store", storePath).code, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
        XCTAssertEqual(second.lab("fsck").code, 0)

        // lab pull RUN brings back what gc removed; lab push to a fresh store copies it all.
        for key in second.artifacts() { try FileManager.default.removeItem(atPath: second.root.path + "/artifacts/" + key) }
        let pull = second.lab("pull", "1", "--store", storePath)
        XCTAssertEqual(pull.code, 0, pull.out + pull.err)
        XCTAssertTrue(pull.out.contains("2 pulled"), pull.out)
        XCTAssertEqual(second.artifacts().count, 2)
        let fresh = store.root.appendingPathComponent("fresh").path
        let push = second.lab("push", "1", "--store", fresh)
        XCTAssertEqual(push.code, 0, push.out + push.err)
        XCTAssertTrue(push.out.contains("2 pushed"), push.out)
        XCTAssertEqual(second.lab("fsck", "--store", fresh).code, 0)
    }

    func testTwoConcurrentRunsAgainstOneStoreComputeEachKeyOnce() throws {
        let store = try RunTestWorkspace()
        let counters = store.root.appendingPathComponent("counters")
        let storePath = store.root.appendingPathComponent("store").path
        var processes: [Process] = []
        var workspaces: [RunTestWorkspace] = []
        for i in 0..<2 {
            let ws = try RunTestWorkspace()
            let recipe = try Self.prepare(ws, counters: counters, sleep: 0.5)
            processes.append(try ws.spawnLab(["run", recipe, "--store", storePath], tag: "run\(i)"))
            workspaces.append(ws)
        }
        for p in processes { p.waitUntilExit() }
        for (i, p) in processes.enumerated() { XCTAssertEqual(p.terminationStatus, 0, workspaces[i].output("run\(i)")) }
        XCTAssertEqual(Self.computations(counters, "count"), 1, workspaces.map { $0.output("run0") + $0.output("run1") }.joined())
        XCTAssertEqual(Self.computations(counters, "twice"), 1)
        let outputs = workspaces.enumerated().map { $0.element.output("run\($0.offset)") }.joined()
        XCTAssertEqual(outputs.components(separatedBy: "fetched from").count - 1, 2, outputs)
        XCTAssertEqual(store.lab("fsck", "--store", storePath).code, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: storePath + "/.tmp"), [])
    }

    func testACorruptedStoreFileIsDetectedAndRecomputed() throws {
        let store = try RunTestWorkspace()
        let first = try RunTestWorkspace(), second = try RunTestWorkspace()
        let counters = store.root.appendingPathComponent("counters")
        let recipe1 = try Self.prepare(first, counters: counters)
        let recipe2 = try Self.prepare(second, counters: counters)
        let storePath = store.root.appendingPathComponent("store").path
        XCTAssertEqual(first.lab("run", recipe1, "--store", storePath).code, 0)
        let key = try XCTUnwrap(try Value.parseJSON(first.lab("show", "1", "--json").out)["steps"].arrayValue?.first?["key"].stringValue)
        // Same size, another byte: only a rehash sees it.
        let file = storePath + "/\(key)/out.txt"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        try original.replacingOccurrences(of: "beta", with: "bete").write(toFile: file, atomically: false, encoding: .utf8)

        let fsck = store.lab("fsck", "--store", storePath)
        XCTAssertEqual(fsck.code, 1, fsck.out)
        XCTAssertTrue(fsck.out.contains("damaged   \(storePath)/\(key): out.txt changed"), fsck.out)

        let run = second.lab("run", recipe2, "--store", storePath)
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertTrue(run.out.contains("ran    count"), run.out)
        XCTAssertTrue(run.out.contains("recomputed: the store's copy was damaged (out.txt changed)"), run.out)
        XCTAssertTrue(run.out.contains("cached twice: fetched from"), run.out)
        XCTAssertEqual(Self.computations(counters, "count"), 2)
        XCTAssertEqual(try String(contentsOfFile: second.root.path + "/artifacts/\(key)/out.txt", encoding: .utf8), original)
        XCTAssertEqual(store.lab("fsck", "--store", storePath).code, 0, "republished whole")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: storePath + "/.damaged").count, 1, "kept aside")
    }

    func testHelpListsTheSharingCommandsWhole() throws {
        let help = try RunTestWorkspace().lab("--help").out
        for name in ["export", "verify", "push", "pull", "export-model", "import-model"] {
            XCTAssertTrue(help.contains("\n  \(name) "), "lab --help lacks \(name):\n\(help)")
        }
        for line in help.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 100, String(line)) }
    }

    func testAnAbsentSetOfRecordsEqualsAnEmptyOneAndNothingElse() {
        let empty = OperationResult(records: ["masked_heads": []])
        let one = OperationResult(records: ["masked_heads": [.object(["layer": .int(0)])]])
        XCTAssertEqual(ReproductionReport.metricDifferences(OperationResult(), empty), ["records masked_heads": 0])
        XCTAssertEqual(ReproductionReport.metricDifferences(empty, OperationResult()), ["records masked_heads": 0])
        XCTAssertEqual(ReproductionReport.metricDifferences(OperationResult(), one), ["records masked_heads": .infinity])
        XCTAssertEqual(ReproductionReport.metricDifferences(OperationResult(), OperationResult(matrices: ["m": MatrixResult(
            rowName: "r", columnName: "c", rowLabels: ["a"], columnLabels: ["b"], values: [1])]))["matrix m"], .infinity)
    }

    func testRecordedCommandLinesReadBackAsInvocations() {
        let invocation = Invocation(commandLine: "lab run r.yaml --profile smoke --set 'name=a b' --set n=3 --sweep k=1,2 --repeat 3 -j 2")
        XCTAssertEqual(invocation, Invocation(profile: "smoke", sets: ["name=a b", "n=3"], sweeps: ["k=1,2"], repeatCount: 3))
        XCTAssertEqual(Invocation(commandLine: "lab run r.yaml -j 4"), Invocation())
    }
}

/// `lab export -o NAME.tar`: one file, read back by lab's own ustar reader, which never writes
/// outside the folder it unpacks into.
final class ExportArchiveTests: XCTestCase {
    func testATarExportVerifiesAndRunsLikeTheFolder() throws {
        let ws = try RunTestWorkspace()
        let counters = ws.root.appendingPathComponent("counters")
        let recipe = try SharingTests.prepare(ws, counters: counters)
        XCTAssertEqual(ws.lab("run", recipe, "--profile", "quick").code, 0)
        let archive = ws.root.appendingPathComponent("tiny.tar").path
        let export = ws.lab("export", "1", "-o", archive, "--with-artifacts")
        XCTAssertEqual(export.code, 0, export.err)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ws.root.path).filter { $0.contains("tiny.tar") }, ["tiny.tar"],
                       "no folder or partial file left beside it")

        let other = try RunTestWorkspace()
        let verify = other.lab("verify", archive)
        XCTAssertEqual(verify.code, 0, verify.out + verify.err)
        XCTAssertTrue(verify.out.contains("reproduced: 2 steps bitwise equal"), verify.out)
        let run = other.lab("run", archive)
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertEqual(run.out.lines(startingWith: "cached ").count, 2, run.out)
        XCTAssertEqual(SharingTests.computations(counters, "count"), 2, "once for the run, once for verify")
        let imports = try FileManager.default.contentsOfDirectory(atPath: other.root.path + "/experiments/imports")
        XCTAssertEqual(imports.count, 1)
        XCTAssertTrue(imports[0].hasPrefix("tiny-"), "\(imports)")
    }

    func testArchivesThatWouldWriteOutsideAreRefused() throws {
        let ws = try RunTestWorkspace()
        let cases: [(String, Data)] = [
            ("dot-dot", try TarArchive.header(name: "recipe/../../escaped.txt", size: 0, type: "0", mode: 0o644)),
            ("link-out", try TarArchive.header(name: "recipe/out", size: 0, type: "2", mode: 0o777, link: "../../..")),
            ("through-link", try TarArchive.header(name: "recipe/l", size: 0, type: "2", mode: 0o777, link: "x")
                + TarArchive.header(name: "recipe/l/file.txt", size: 0, type: "0", mode: 0o644)),
            ("device", try TarArchive.header(name: "recipe/dev", size: 0, type: "3", mode: 0o644)),
        ]
        for (name, entries) in cases {
            let archive = ws.root.appendingPathComponent("\(name).tar")
            try (entries + Data(count: 1024)).write(to: archive)
            let verify = ws.lab("verify", archive.path)
            XCTAssertEqual(verify.code, 1, name)
            XCTAssertTrue(verify.err.contains("is not an export archive"), "\(name): \(verify.err)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: FileManager.default.temporaryDirectory.appendingPathComponent("escaped.txt").path))
        // A flipped byte in a header fails its checksum.
        var header = try TarArchive.header(name: "lab-export.json", size: 0, type: "0", mode: 0o644)
        header[0] = UInt8(ascii: "X")
        let archive = ws.root.appendingPathComponent("checksum.tar")
        try (header + Data(count: 1024)).write(to: archive)
        XCTAssertTrue(ws.lab("verify", archive.path).err.contains("checksum is wrong"))
    }
}
