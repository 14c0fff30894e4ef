import Foundation
import XCTest
import LabCore
@testable import Ledger

final class LedgerRecordingTests: LedgerTestCase {
    func testRunWithRanCachedAndFailedStepsRecordedFromManyThreads() throws {
        let store = try makeStore()
        // Run 1 computes `shared`; run 2 reuses it (cached), runs others, one fails.
        let first = try store.beginRun(runStart())
        try store.recordStep(step(run: first, id: "shared", params: ["dim": 64], scalars: ["loss": 1.25],
                                  series: ["loss": [SeriesPoint(iteration: 0, value: 3), SeriesPoint(iteration: 10, value: 1.25)]],
                                  files: [ArtifactFile(path: "model.safetensors", bytes: 1234, sha256: key("file"))]))
        try store.finishRun(first, status: .succeeded, finishedAt: Date(timeIntervalSince1970: 1_700_000_100))

        let second = try store.beginRun(runStart())
        let count = 40
        let errors = LockedErrors()
        let records: [StepRecord] = (0..<count).map { i in
            switch i {
            case 0:
                return step(run: second, id: "shared", params: ["dim": 64], status: .cached, key: key("shared"), order: 0,
                            scalars: ["loss": 1.25])
            case 1:
                return step(run: second, id: "broken", status: .failed, order: 1, scalars: ["loss": 9], error: "exit status 3")
            default:
                return step(run: second, id: "v\(i)", name: "sweep", variant: ["i": .int(i)], params: ["i": .int(i)],
                            order: 2, scalars: ["score": Double(i)])
            }
        }
        DispatchQueue.concurrentPerform(iterations: count) { i in
            do { try store.recordStep(records[i]) } catch { errors.append(error) }
        }
        XCTAssertEqual(errors.all.map { "\($0)" }, [])
        try store.finishRun(second, status: .failed, finishedAt: Date(timeIntervalSince1970: 1_700_000_200))

        let info = try XCTUnwrap(try store.run(second))
        XCTAssertEqual(info.status, .failed)
        XCTAssertEqual(info.count(.ran), count - 2)
        XCTAssertEqual(info.count(.cached), 1)
        XCTAssertEqual(info.count(.failed), 1)
        XCTAssertEqual(info.seconds, 200)
        XCTAssertEqual(try store.runs().map(\.id), [second, first])
        XCTAssertEqual(try store.runs(limit: 1).map(\.id), [second])
        XCTAssertEqual(try store.latestRunID(), second)

        let steps = try store.steps(runID: second)
        XCTAssertEqual(steps.count, count)
        let cached = try XCTUnwrap(steps.first { $0.stepID == "shared" })
        XCTAssertEqual(cached.status, .cached)
        XCTAssertEqual(cached.result?.scalars, ["loss": 1.25], "a cached step shows its key's metrics")
        XCTAssertEqual(cached.result?.series["loss"]?.count, 2)
        XCTAssertEqual(cached.files.map(\.path), ["model.safetensors"])
        let failed = try XCTUnwrap(steps.first { $0.stepID == "broken" })
        XCTAssertNil(failed.result)
        XCTAssertEqual(failed.error, "exit status 3")
        XCTAssertEqual(failed.logTail, "last line")

        // Metrics of the failed step were not recorded as a result; the cached one kept run 1 as its computer.
        XCTAssertNil(try store.result(forKey: key("broken")))
        XCTAssertEqual(try store.metrics(key: key("broken")), OperationResult())
        XCTAssertEqual(try store.result(forKey: key("shared"))?.runID, first)
        XCTAssertEqual(try store.results().count, count - 1)
        XCTAssertEqual(try store.results(step: "sweep").count, count - 2)
        XCTAssertEqual(try store.results(step: "v7").map(\.metrics), [["score": 7]])

        let latest = try XCTUnwrap(try store.latestStep(stepID: "shared", recipeName: "demo"))
        XCTAssertEqual(latest.runID, second)
        XCTAssertEqual(latest.params, ["dim": 64])
        XCTAssertNil(try store.latestStep(stepID: "shared", recipeName: "other"))
        XCTAssertEqual(try store.latestStep(stepID: "broken", recipeName: "demo")?.status, .failed)
    }

    func testTwoStoresOnOneFileWriteConcurrently() throws {
        let a = try makeStore(), b = try makeStore()
        let perStore = 60
        let errors = LockedErrors()
        let starts = [runStart(recipe: "r0"), runStart(recipe: "r1")]
        let records: [[StepRecord]] = (0..<2).map { which in
            (0..<perStore).map { i in step(run: 0, id: "s\(which)-\(i)", params: ["i": .int(i)], scalars: ["m": Double(i)]) }
        }
        DispatchQueue.concurrentPerform(iterations: 2) { which in
            let store = which == 0 ? a : b
            do {
                let run = try store.beginRun(starts[which])
                for var record in records[which] {
                    record.runID = run
                    try store.recordStep(record)
                }
                try store.finishRun(run, status: .succeeded, finishedAt: Date())
            } catch { errors.append(error) }
        }
        XCTAssertEqual(errors.all.map { "\($0)" }, [], "no SQLITE_BUSY escapes")
        XCTAssertEqual(try a.results().count, 2 * perStore)
        XCTAssertEqual(Set(try b.runs().map(\.status)), [.succeeded])
    }

    func testForcedRerunReplacesTheKeysResult() throws {
        let store = try makeStore()
        let one = try store.beginRun(runStart())
        try store.recordStep(step(run: one, id: "a", scalars: ["m": 1, "old": 5]))
        let two = try store.beginRun(runStart())
        try store.recordStep(step(run: two, id: "a", scalars: ["m": 2]))
        let result = try XCTUnwrap(try store.result(forKey: key("a")))
        XCTAssertEqual(result.metrics, ["m": 2])
        XCTAssertEqual(result.runID, two)
    }

    func testCachedStepWithoutAKnownResultAddsIt() throws {
        let store = try makeStore()
        let run = try store.beginRun(runStart())
        try store.recordStep(step(run: run, id: "elsewhere", status: .cached, scalars: ["m": 4]))
        XCTAssertEqual(try store.result(forKey: key("elsewhere"))?.metrics, ["m": 4])
    }

    func testStepOfUnknownRunIsRefused() throws {
        let store = try makeStore()
        XCTAssertThrowsError(try store.recordStep(step(run: 42, id: "x"))) { error in
            XCTAssertTrue("\(error)".contains("FOREIGN KEY"), "\(error)")
        }
        XCTAssertThrowsError(try store.finishRun(42, status: .succeeded, finishedAt: Date()))
    }

    func testReferencedKeysCoverEveryRecordedStep() throws {
        let store = try makeStore()
        let run = try store.beginRun(runStart())
        try store.recordStep(step(run: run, id: "a"))
        try store.recordStep(step(run: run, id: "b", status: .failed))
        try store.recordStep(step(run: run, id: "c", status: .cached))
        XCTAssertEqual(try store.referencedKeys(), [key("a"), key("b"), key("c")])
    }

    func testParametersAreFlattenedWithSweepValues() throws {
        let store = try makeStore()
        let run = try store.beginRun(runStart())
        try store.recordStep(step(run: run, id: "w[scheme=sparse]", name: "w", variant: ["scheme": "sparse"],
                                  params: ["model": ["dim": 64, "layers": 2], "data": StepReference.value("data"),
                                           "weights": ["scheme": "sparse"], "tags": ["a", "b"], "flag": true]))
        let rows = try store.query("SELECT param, kind, type, value FROM param_values ORDER BY param").rows
        XCTAssertEqual(rows, [
            [.string("data"), .string("param"), .string("step"), .string("data")],
            [.string("flag"), .string("param"), .string("bool"), .string("true")],
            [.string("model.dim"), .string("param"), .string("number"), .string("64")],
            [.string("model.layers"), .string("param"), .string("number"), .string("2")],
            [.string("scheme"), .string("sweep"), .string("string"), .string("sparse")],
            [.string("tags"), .string("param"), .string("list"), .string("[\"a\",\"b\"]")],
            [.string("weights.scheme"), .string("param"), .string("string"), .string("sparse")],
        ])
    }
}

/// Errors collected from several threads.
final class LockedErrors: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [any Error] = []
    func append(_ error: any Error) { lock.lock(); errors.append(error); lock.unlock() }
    var all: [any Error] { lock.lock(); defer { lock.unlock() }; return errors }
}
