import XCTest
import LabCore
@testable import Operations

/// Bad niah / retrieval-heads parameters are errors naming the parameter, before anything runs.
final class NeedleValidationTests: XCTestCase {
    func params(_ extra: [String: Value]) -> [String: Value] {
        var p: [String: Value] = ["model": ref("model"), "lengths": [64, 128]]
        for (k, v) in extra { p[k] = v }
        return p
    }

    func rejected(_ extra: [String: Value], by op: any LabCore.Operation = NIAHOperation()) -> String? {
        badParameter { try OperationRunner.validate(op, params(extra)) }?.name
    }

    func testGoodParametersPass() throws {
        try OperationRunner.validate(NIAHOperation(), params([:]))
        try OperationRunner.validate(NIAHOperation(), params(["depths": [0, 12.5, 100], "stop": [], "context": 256,
                                                              "rope_base": 40000.0, "mask": ["from": ref("heads"), "random": 4, "exclude": 8]]))
        try OperationRunner.validate(RetrievalHeadsOperation(), params(["threshold": 0.2, "min_answered": 3]))
    }

    func testEachBadValueNamesItsParameter() {
        XCTAssertEqual(rejected(["lengths": []]), "lengths")
        XCTAssertEqual(rejected(["lengths": [64, 16]]), "lengths[1]", "not above max_tokens (16)")
        XCTAssertEqual(rejected(["lengths": [64, 64]]), "lengths")
        XCTAssertEqual(rejected(["lengths": [64, "x"]]), "lengths[1]")
        XCTAssertEqual(rejected(["lengths": [40000]]), "lengths[0]")
        XCTAssertEqual(rejected(["depths": [0, 101]]), "depths[1]")
        XCTAssertEqual(rejected(["depths": [50, 50]]), "depths")
        XCTAssertEqual(rejected(["depths": []]), "depths")
        XCTAssertEqual(rejected(["stop": ["\n", ""]]), "stop[1]")
        XCTAssertEqual(rejected(["samples": 0]), "samples")
        XCTAssertEqual(rejected(["samples": 100_000, "lengths": [64, 128, 256, 512, 1024, 2048]]), "samples", "grid too large")
        XCTAssertEqual(rejected(["rope_scaling": 0.0]), "rope_scaling")
        XCTAssertEqual(rejected(["context": 1]), "context")
        XCTAssertEqual(rejected(["mask": ["from": ref("heads")]]), "mask.top")
        XCTAssertEqual(rejected(["mask": 3]), "mask")
        XCTAssertEqual(rejected(["threshold": -1.0], by: RetrievalHeadsOperation()), "threshold")
        XCTAssertEqual(rejected(["min_answered": -1], by: RetrievalHeadsOperation()), "min_answered")
    }
}
