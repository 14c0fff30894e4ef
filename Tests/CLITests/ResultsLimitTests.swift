import Foundation
import XCTest
import LabCore
@testable import LabCLI

/// `lab results --limit`: a table shows the first N results and says how many matched; JSON
/// shows all unless asked, and its note goes to stderr so stdout stays JSON.
final class ResultsLimitTests: XCTestCase {
    var ws: RunTestWorkspace!

    override func setUpWithError() throws {
        ws = try ReplicateRecipe.runInWorkspace()
    }

    func rowIDs(_ out: String) -> [String] {
        out.split(separator: "\n").filter { $0.hasPrefix("train[") }.map { String($0.split(separator: " ")[0]) }
    }

    func testTableShowsTheFirstNAndTheTotal() throws {
        // Rows named by their full step id (the default view names the step and its sweep values).
        let two = ws.lab("results", "--step", "train", "--limit", "2", "--columns", "step_id,acc")
        XCTAssertEqual(two.code, 0, two.err)
        XCTAssertEqual(rowIDs(two.out), ["train[scheme=a,rep=1]", "train[scheme=a,rep=2]"], two.out)
        XCTAssertEqual(two.out.split(separator: "\n").last, "2 of 6 results shown; --limit N shows more, --limit 0 all")

        for limit in ["0", "6", "7"] {
            let all = ws.lab("results", "--step", "train", "--limit", limit, "--columns", "step_id,acc")
            XCTAssertEqual(rowIDs(all.out).count, 6, all.out)
            XCTAssertFalse(all.out.contains("results shown"), all.out)
        }
        let filtered = ws.lab("results", "--where", "scheme = 'b'", "--limit", "1", "--columns", "step_id,acc")
        XCTAssertEqual(rowIDs(filtered.out), ["train[scheme=b,rep=1]"], filtered.out)
        XCTAssertTrue(filtered.out.hasSuffix("1 of 3 results shown; --limit N shows more, --limit 0 all\n"), filtered.out)
        XCTAssertEqual(ResultsCommand.defaultTableLimit, 100)
    }

    func testJSONShowsAllUnlessLimited() throws {
        let all = ws.lab("results", "--step", "train", "--json")
        XCTAssertEqual(try Value.parseJSON(all.out).arrayValue?.count, 6)
        XCTAssertEqual(all.err, "")
        let two = ws.lab("results", "--step", "train", "--json", "--limit", "2")
        XCTAssertEqual(try Value.parseJSON(two.out).arrayValue?.map { $0["step"].stringValue }, ["train[scheme=a,rep=1]", "train[scheme=a,rep=2]"])
        XCTAssertEqual(two.err, "2 of 6 results shown; --limit N shows more, --limit 0 all\n")
    }

    func testBadLimitsAreUsageErrors() {
        for args in [["--limit", "-1"], ["--limit", "many"], ["--limit", "1", "--group-by", "scheme"]] {
            let result = ws.lab(["results"] + args)
            XCTAssertEqual(result.code, 2, "\(args): \(result.out) \(result.err)")
            XCTAssertEqual(result.out, "", "\(args)")
        }
    }
}
