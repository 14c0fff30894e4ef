import Foundation
import LabCore
import XCTest
@testable import LabCLI

/// `lab run --executor slurm` against a real Slurm cluster (CI starts one; scripts/slurm-dev.sh
/// for a developer). Each lab is the built binary in a child process: the jobs run it too.
final class SlurmExecutorTests: XCTestCase {
    func testExecutorOptionsAreChecked() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("r.yaml", "lab: 1\nname: r\nsteps:\n  a: {op: shell, with: {run: 'true'}}\n")
        let typo = ws.lab("run", recipe, "--executor", "slrum")
        XCTAssertEqual(typo.code, 2, typo.err)
        XCTAssertTrue(typo.err.contains("--executor is 'local' or 'slurm', not 'slrum' (did you mean 'slurm'?)"), typo.err)
        let partition = ws.lab("run", recipe, "--partition", "cpu")
        XCTAssertEqual(partition.code, 2, partition.err)
        XCTAssertTrue(partition.err.contains("--partition and --slurm-arg need --executor slurm"), partition.err)
        XCTAssertEqual(ws.artifacts(), [], "nothing ran")
    }

    func testTokenWeightingSmokeOnSlurmGivesTheLocalKeysAndBytesAndARerunSubmitsNothing() throws {
        try SlurmCluster.require()
        let local = try RunTestWorkspace(), cluster = try RunTestWorkspace()
        let text = try shippedRecipe("token-weighting.yaml")
        let localRecipe = try local.write("token-weighting.yaml", text)
        let clusterRecipe = try cluster.write("token-weighting.yaml", text)

        // The local run is the built binary too: in-process, OpenBLAS keeps the core it found
        // (BLASStartup re-executes only the binary), and the bytes are compared.
        let l = try local.slurmLab("run", localRecipe, "--profile", "smoke", tag: "local")
        XCTAssertEqual(l.code, 0, l.out)
        let started = Date()
        let s = try cluster.slurmLab("run", clusterRecipe, "--profile", "smoke", "--executor", "slurm", tag: "first")
        print("token-weighting smoke on Slurm: \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        XCTAssertEqual(s.code, 0, s.out)
        let steps = s.out.lines(startingWith: "ran ").count
        XCTAssertEqual(steps, l.out.lines(startingWith: "ran ").count, s.out)
        XCTAssertTrue(s.out.contains("notebook experiments/run-1/notebook.html"), s.out)
        // One job per step, its Slurm output kept beside the step's log; nothing left in .jobs.
        let logs = try FileManager.default.contentsOfDirectory(atPath: cluster.root.path + "/experiments/run-1/logs")
        XCTAssertEqual(logs.filter { $0.hasSuffix(".slurm.out") }.count, steps, "\(logs)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cluster.root.path + "/artifacts/.jobs"), [])

        XCTAssertEqual(Set(cluster.artifacts()), Set(local.artifacts()), "the same keys")
        let localHashes = try local.artifactHashes(), clusterHashes = try cluster.artifactHashes()
        XCTAssertGreaterThan(localHashes.count, steps)
        XCTAssertEqual(Set(clusterHashes.keys), Set(localHashes.keys), "the same files")
        let differing = localHashes.keys.filter { clusterHashes[$0] != localHashes[$0] }.sorted()
        XCTAssertEqual(differing, [], "bitwise-identical artifacts")
        // The coordinator recorded the metrics the jobs computed.
        let lr = local.lab("results", "--step", "eval", "--json"), sr = cluster.lab("results", "--step", "eval", "--json")
        let metrics = { (text: String) in try Value.parseJSON(text).arrayValue?.map { $0["metrics"] } ?? [] }
        XCTAssertTrue(try metrics(sr.out) == metrics(lr.out), "the same metrics in both ledgers")

        let again = try cluster.slurmLab("run", clusterRecipe, "--profile", "smoke", "--executor", "slurm", tag: "second")
        XCTAssertEqual(again.code, 0, again.out)
        XCTAssertTrue(again.out.contains("run 2 succeeded: \(steps) cached"), again.out)
        let rerunLogs = (try? FileManager.default.contentsOfDirectory(atPath: cluster.root.path + "/experiments/run-2/logs")) ?? []
        XCTAssertEqual(rerunLogs.filter { $0.hasSuffix(".slurm.out") }, [], "a rerun submits no job")
    }

    func testAStepThatFailsOnTheNodeShowsTheTailOfItsSlurmOutput() throws {
        try SlurmCluster.require()
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("fail.yaml", """
        lab: 1
        name: fail
        steps:
          ok:
            op: shell
            resources: {cpus: 1, mem: 200M, time: 2m}
            with: {run: "echo fine > out.txt"}
          boom:
            op: shell
            resources: {cpus: 1, mem: 200M, time: 2m}
            with: {run: "echo tail-marker-1; echo tail-marker-2 >&2; exit 3"}
          after:
            op: shell
            with: {run: "cat \\"$IN\\"/out.txt", env: {IN: "${steps.boom}"}}
        """)
        let r = try ws.slurmLab("run", recipe, "--executor", "slurm", tag: "fail")
        XCTAssertEqual(r.code, 1, r.out)
        XCTAssertTrue(r.out.contains("ran    ok"), r.out)
        let failed = try XCTUnwrap(r.out.lines(startingWith: "failed boom").first, r.out)
        XCTAssertTrue(failed.contains("Slurm job "), failed)
        XCTAssertTrue(failed.contains("exit status 3"), failed)
        XCTAssertTrue(r.out.contains("| tail-marker-1"), r.out)
        XCTAssertTrue(r.out.contains("| tail-marker-2"), r.out)
        XCTAssertTrue(r.out.contains("skipped after: step 'boom' failed"), r.out)
        let show = ws.lab("show", "1")
        XCTAssertTrue(show.out.contains("tail-marker-2"), show.out)
        // The job ids are recorded with the steps; the one in the message is boom's.
        let json = try XCTUnwrap(try Value.parseJSON(ws.lab("show", "1", "--json").out)["steps"].arrayValue)
        let jobs = Dictionary(uniqueKeysWithValues: json.map { ($0["step"].stringValue ?? "", $0["job"].stringValue) })
        let boomJob = try XCTUnwrap(jobs["boom"] ?? nil, "\(json)")
        XCTAssertTrue(failed.contains("Slurm job \(boomJob):"), failed)
        XCTAssertNotNil(jobs["ok"] ?? nil)
        XCTAssertNotEqual(jobs["ok"], jobs["boom"])
        XCTAssertEqual(jobs["after"] ?? nil, nil, "a skipped step had no job")
    }

    func testCtrlCCancelsTheJobsAndRecordsThemCancelled() throws {
        try SlurmCluster.require()
        let ws = try RunTestWorkspace()
        let tag = "lab:slow-\(UUID().uuidString.prefix(8))"
        let name = String(tag.dropFirst(4))
        let recipe = try ws.write("slow.yaml", """
        lab: 1
        name: slow
        steps:
          \(name):
            op: shell
            sweep: {n: [1, 2]}
            resources: {cpus: 1, mem: 100M, time: 5m}
            with: {run: "touch \\"$MARK\\"-$LAB_SEED; sleep 120", env: {MARK: "\(ws.root.path)/started"}}
        """)
        let process = try ws.spawnSlurmLab(["run", recipe, "--executor", "slurm"], tag: "slow")
        let deadline = Date().addingTimeInterval(60)
        var jobs: [String] = []
        while Date() < deadline {
            jobs = SlurmCluster.liveJobs(named: tag)
            let marks = (try? FileManager.default.contentsOfDirectory(atPath: ws.root.path))?.filter { $0.hasPrefix("started-") } ?? []
            if marks.count == 2 { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        XCTAssertEqual(jobs.count, 2, ws.output("slow"))
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let out = ws.output("slow")
        XCTAssertEqual(process.terminationStatus, 130, out)
        XCTAssertEqual(SlurmCluster.liveJobs(named: tag), [], "squeue is empty after Ctrl-C")
        XCTAssertEqual(out.lines(startingWith: "cancelled \(name)[n=").count, 2, out)
        XCTAssertTrue(out.contains("run 1 interrupted"), out)
        XCTAssertEqual(ws.artifacts(), [])
    }

    func testACoordinatorKilledAndRerunAdoptsTheRunningJob() throws {
        try SlurmCluster.require()
        let ws = try RunTestWorkspace()
        let tag = "lab:adopt-\(UUID().uuidString.prefix(8))"
        let name = String(tag.dropFirst(4))
        let count = ws.root.appendingPathComponent("starts.txt").path
        let recipe = try ws.write("adopt.yaml", """
        lab: 1
        name: adopt
        steps:
          \(name):
            op: shell
            resources: {cpus: 1, mem: 100M, time: 5m}
            with: {run: "echo start >> \\"$COUNT\\"; sleep 4; echo done > out.txt", env: {COUNT: "\(count)"}}
        """)
        let first = try ws.spawnSlurmLab(["run", recipe, "--executor", "slurm"], tag: "killed")
        XCTAssertTrue(ws.waitFor(count, timeout: 60), ws.output("killed"))
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        XCTAssertEqual(SlurmCluster.liveJobs(named: tag).count, 1, "the job outlives its coordinator")

        let rerun = try ws.slurmLab("run", recipe, "--executor", "slurm", tag: "rerun")
        XCTAssertEqual(rerun.code, 0, rerun.out)
        XCTAssertTrue(rerun.out.contains("ran    \(name)"), rerun.out)
        XCTAssertEqual(try String(contentsOfFile: count, encoding: .utf8), "start\n", "adopted, not submitted again")
        let third = try ws.slurmLab("run", recipe, "--executor", "slurm", tag: "third")
        XCTAssertTrue(third.out.contains("cached \(name)"), third.out)
    }
}
