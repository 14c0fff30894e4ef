import Foundation
import XCTest
import LabCore
@testable import Pipeline

/// The job script quotes every word, and sbatch gets an argument vector: nothing typed runs as
/// shell code. The spec a job reads gives back the step the coordinator wrote.
final class SlurmJobScriptTests: XCTestCase {
    func testQuotedWordsReachTheCommandUnchanged() throws {
        let nasty = "/tmp/a b/it's $(touch pwned) `x` \"q\" \\ ; ok"
        let script = SlurmJobScript.text(lab: URL(fileURLWithPath: "/usr/bin/printf"), spec: URL(fileURLWithPath: nasty))
        // Run the script's exec line with printf in place of lab: it prints its arguments back.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script.replacingOccurrences(of: "step-job", with: "'%s|%s'")]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(out, URL(fileURLWithPath: nasty).path + "|")
    }

    func testSbatchArgumentsAreOneWordEach() {
        let settings = SlurmSettings(partition: "p 1", extraArguments: ["--qos=low; rm -rf /"],
                                     labExecutable: URL(fileURLWithPath: "/bin/lab"))
        let args = settings.sbatchArguments(jobName: "lab:a[k=x y]", output: URL(fileURLWithPath: "/s/o"),
                                            directory: URL(fileURLWithPath: "/h"),
                                            resources: StepResources(cpus: 2, memory: "4G", seconds: 1801),
                                            script: URL(fileURLWithPath: "/s/x.sh"))
        XCTAssertEqual(args, ["--job-name", "lab:a[k=x y]", "--output", "/s/o", "--chdir", "/h", "--cpus-per-task", "2",
                              "--mem", "4G", "--time", "31", "--partition", "p 1", "--qos=low; rm -rf /", "/s/x.sh"])
    }

    func testASpecReadsBackAsTheStepWritten() throws {
        let step = ResolvedStep(id: "m[rep=2]", name: "m", variant: [("rep", .int(2)), ("lr", .double(1.0))], op: "fake",
                                params: ["data": StepReference.value("d"), "x": .double(2.0)], title: "T", note: nil,
                                files: ["a.txt"], order: 3, ownSweepKeys: ["rep"], resources: StepResources(cpus: 2))
        let form: Value = .object(["op": .string("fake"), "x": .double(2.0)])
        let keyed = KeyedStep(step: step, operation: SpecFakeOperation(), params: ["data": StepReference.value("d"), "x": .double(2.0), "y": .int(1)],
                              fileHashes: ["a.txt": "00"], keyedForm: form, key: CacheKey.key(of: form))
        let spec = StepJobSpec(keyed, home: URL(fileURLWithPath: "/h"), runID: 7, threads: 2, forced: true,
                               recipeDirectory: URL(fileURLWithPath: "/r"), keys: ["d": "kd", "other": "ko"])
        let back = try StepJobSpec(value: try Value.parseJSON(spec.value.canonicalJSON))
        XCTAssertEqual(back.value, spec.value)
        XCTAssertEqual(back.keys, ["d": "kd"], "only the keys of the steps it reads")
        XCTAssertEqual(CacheKey.key(of: back.keyedForm), keyed.key)
        XCTAssertEqual(back.step.variant.map(\.key), ["rep", "lr"])
        XCTAssertEqual(back.params["x"], .double(2.0), "a whole double stays a double")
        XCTAssertThrowsError(try StepJobSpec(value: .object(["format": .int(99)])))
    }
}

private struct SpecFakeOperation: LabCore.Operation {
    var name: String { "fake" }
    var version: Int { 3 }
    var summary: String { "" }
    var doc: String { "" }
    var params: [ParamSpec] { [] }
    func run(_ context: OperationContext) throws -> OperationResult { OperationResult() }
}
