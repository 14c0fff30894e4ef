import Foundation
import XCTest
import LabCore
@testable import Pipeline

/// A test operation that returns a labelled matrix and per-item records (as `niah` does), or,
/// on request, a matrix whose values do not fill its cells.
struct GridOperation: LabCore.Operation {
    let name = "grid"
    let version = 1
    let summary = "test operation: a matrix and records"
    let doc = "returns a depth × length matrix and one record per sample"
    let params: [ParamSpec] = [
        ParamSpec("scale", .double, default: 1, "multiplies every cell"),
        ParamSpec("malformed", .bool, default: false, "one value short"),
    ]

    static func matrix(scale: Double) -> MatrixResult {
        MatrixResult(rowName: "depth", columnName: "length", rowLabels: ["0%", "50%", "100%"], columnLabels: ["512", "1024"],
                     values: [100, 87.5, 75, 50, 25, 12.5].map { $0 * scale })
    }

    static func records(scale: Double) -> [Value] {
        (0..<3).map { i in ["depth": .int(i * 50), "output": .string("the answer is \(i)\nsecond line"), "score": .double(Double(i) * scale)] }
    }

    func run(_ context: OperationContext) throws -> OperationResult {
        let scale = context.params["scale"]?.doubleValue ?? 1
        var matrix = Self.matrix(scale: scale)
        if context.params["malformed"]?.boolValue == true { matrix.values.removeLast() }
        try Data("grid".utf8).write(to: context.outputDirectory.appendingPathComponent("grid.txt"))
        return OperationResult(scalars: ["mean": 58.33], matrices: ["niah": matrix], records: ["samples": Self.records(scale: scale)])
    }
}

final class GridResultTests: XCTestCase {
    func testMatricesAndRecordsSurviveLabStepJSON() throws {
        let withMissing = MatrixResult(rowName: "layer", columnName: "head", rowLabels: ["0", "1"], columnLabels: ["0"],
                                       values: [0.25, .nan])
        let result = OperationResult(scalars: ["acc": 0.5], matrices: ["scores": withMissing, "niah": GridOperation.matrix(scale: 1)],
                                     records: ["samples": GridOperation.records(scale: 1), "empty": []])
        // Through the text, as a cached step reads it.
        let text = result.value.prettyJSON
        let back = try XCTUnwrap(OperationResult(value: try Value.parseJSON(text)))
        XCTAssertEqual(back.scalars, result.scalars)
        XCTAssertEqual(back.records, result.records)
        XCTAssertEqual(back.matrices["niah"], result.matrices["niah"])
        let scores = try XCTUnwrap(back.matrices["scores"])
        XCTAssertEqual(scores.rowLabels, ["0", "1"])
        XCTAssertEqual(scores.values.first, 0.25)
        XCTAssertTrue(scores.values[1].isNaN, "a missing cell is written as null and read back as NaN")
        XCTAssertTrue(text.contains("\"row_name\": \"layer\""), text)
    }

    func testAnOlderLabStepJSONReadsWithoutMatricesOrRecords() throws {
        let old = try Value.parseJSON(#"{"scalars": {"acc": 0.5}, "series": {"loss": [[0, 2.5]]}}"#)
        let result = try XCTUnwrap(OperationResult(value: old))
        XCTAssertEqual(result.scalars, ["acc": 0.5])
        XCTAssertTrue(result.matrices.isEmpty && result.records.isEmpty)
        // And a result without either is written as before, so an older lab reads it.
        XCTAssertEqual(result.value.objectValue.map { Set($0.keys) }, ["scalars", "series"])
    }

    func testAMalformedMatrixInTheFileIsRefused() throws {
        for bad in [#"{"scalars": {}, "series": {}, "matrices": {"g": {"row_name": "r", "column_name": "c", "row_labels": ["a"], "column_labels": ["x", "y"], "values": [1.0]}}}"#,
                    #"{"scalars": {}, "series": {}, "matrices": {"g": {"row_name": "r", "column_name": "c", "row_labels": [1], "column_labels": [], "values": []}}}"#,
                    #"{"scalars": {}, "series": {}, "records": {"s": {"not": "a list"}}}"#,
                    #"{"scalars": {}, "series": {}, "matrices": []}"#] {
            XCTAssertNil(OperationResult(value: try Value.parseJSON(bad)), bad)
        }
    }

    func testFreshAndCachedStepsCarryMatricesAndRecords() throws {
        let sandbox = try Sandbox(), recorder = MemoryRecorder()
        let recipe = sandbox.recipe([step("g", ["scale": 2], op: "grid")])
        let first = try execute(recipe, ops: [GridOperation()], sandbox: sandbox, recorder: recorder)
        XCTAssertEqual(first.status("g"), .ran)
        let ran = try XCTUnwrap(first.outcome("g")?.result)
        XCTAssertEqual(ran.matrices["niah"], GridOperation.matrix(scale: 2))
        XCTAssertEqual(ran.records["samples"], GridOperation.records(scale: 2))
        // On disk, in lab-step.json.
        let directory = try XCTUnwrap(first.outcome("g")?.artifactDirectory)
        let stored = try StoredStep(value: Value.parseJSON(String(contentsOf: directory.appendingPathComponent(StoredStep.fileName), encoding: .utf8)))
        XCTAssertEqual(stored.result, ran)

        let second = try execute(recipe, ops: [GridOperation()], sandbox: sandbox, recorder: recorder)
        XCTAssertEqual(second.status("g"), .cached)
        XCTAssertEqual(second.outcome("g")?.result, ran, "a cached step carries the matrices and records it reused")
        XCTAssertEqual(recorder.records(run: second.runID).first?.result?.records["samples"]?.count, 3)
    }

    func testAMalformedMatrixFailsTheStepAndPublishesNothing() throws {
        let sandbox = try Sandbox(), recorder = MemoryRecorder()
        let outcome = try execute(sandbox.recipe([step("g", ["malformed": true], op: "grid")]), ops: [GridOperation()],
                                  sandbox: sandbox, recorder: recorder)
        XCTAssertEqual(outcome.status("g"), .failed)
        XCTAssertEqual(outcome.outcome("g")?.error, "the operation returned matrix 'niah' with 5 values for 3 × 2 cells")
        XCTAssertNil(outcome.outcome("g")?.artifactDirectory)
        XCTAssertFalse(ArtifactStore(workspace: Workspace(home: sandbox.home)).isPublished(key: outcome.outcome("g")!.key))
        XCTAssertEqual(sandbox.temporaries(), [])
    }
}
