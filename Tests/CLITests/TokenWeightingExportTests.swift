import Foundation
import LabCore
import XCTest
@testable import LabCLI

/// The issue's acceptance check: a run of a shipped recipe's smoke profile, exported and
/// verified in a fresh workspace, reproduces bit for bit (every key, every output file but the
/// logs, every metric, per-item records included).
final class TokenWeightingExportTests: XCTestCase {
    func testSmokeRunExportedAndVerifiedElsewhereIsBitwiseEqual() throws {
        try exportAndVerify("token-weighting.yaml")
    }

    /// NIAH, head detection and QA steps return per-item records (samples, heads, masked_heads,
    /// some empty): the export must carry them for verify to compare them.
    func testRetrievalHeadsAndACERSmokeRunsWithRecordsVerifyBitwise() throws {
        let lock = try exportAndVerify("retrieval-heads.yaml")
        XCTAssertTrue(lock.contains("\"records\""), "the export holds the steps' records")
        try exportAndVerify("acer.yaml")
    }

    @discardableResult
    private func exportAndVerify(_ name: String) throws -> String {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write(name, try shippedRecipe(name))
        let run = ws.lab("run", recipe, "--profile", "smoke")
        XCTAssertEqual(run.code, 0, run.out + run.err)
        let bundle = ws.root.appendingPathComponent("exported.lab").path
        let export = ws.lab("export", "last", "-o", bundle)
        XCTAssertEqual(export.code, 0, export.out + export.err)

        let other = try RunTestWorkspace()
        let started = Date()
        let verify = other.lab("verify", bundle)
        print("\(name) smoke verify: \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        XCTAssertEqual(verify.code, 0, verify.out + verify.err)
        let steps = try XCTUnwrap(try Value.parseJSON(String(contentsOfFile: bundle + "/lab-export.json", encoding: .utf8))["steps"].arrayValue)
        XCTAssertEqual(verify.out.lines(startingWith: "equal   ").count, steps.count, verify.out)
        XCTAssertEqual(verify.out.lines(startingWith: "ran ").count, steps.count, "a rerun, not a cache hit")
        XCTAssertTrue(verify.out.contains("reproduced: \(steps.count) steps bitwise equal"), verify.out)
        return try String(contentsOfFile: bundle + "/lab-export.json", encoding: .utf8)  // the lock
    }
}
