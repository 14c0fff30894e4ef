import Foundation
import LabCore
import XCTest
@testable import LabCLI

/// The issue's acceptance check: a run of the shipped token-weighting recipe's smoke profile,
/// exported and verified in a fresh workspace, reproduces bit for bit (every key, every output
/// file but the logs, every metric).
final class TokenWeightingExportTests: XCTestCase {
    func testSmokeRunExportedAndVerifiedElsewhereIsBitwiseEqual() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("token-weighting.yaml", try shippedRecipe("token-weighting.yaml"))
        let run = ws.lab("run", recipe, "--profile", "smoke")
        XCTAssertEqual(run.code, 0, run.out + run.err)
        let bundle = ws.root.appendingPathComponent("tw.lab").path
        let export = ws.lab("export", "last", "-o", bundle)
        XCTAssertEqual(export.code, 0, export.out + export.err)

        let other = try RunTestWorkspace()
        let started = Date()
        let verify = other.lab("verify", bundle)
        print("token-weighting smoke verify: \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        XCTAssertEqual(verify.code, 0, verify.out + verify.err)
        let steps = try XCTUnwrap(try Value.parseJSON(String(contentsOfFile: bundle + "/lab-export.json", encoding: .utf8))["steps"].arrayValue)
        XCTAssertEqual(verify.out.lines(startingWith: "equal   ").count, steps.count, verify.out)
        XCTAssertEqual(verify.out.lines(startingWith: "ran ").count, steps.count, "a rerun, not a cache hit")
        XCTAssertTrue(verify.out.contains("reproduced: \(steps.count) steps bitwise equal"), verify.out)
    }
}
