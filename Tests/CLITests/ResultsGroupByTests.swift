import Foundation
import XCTest
import LabCore
@testable import LabCLI

/// `lab results --group-by` end to end: a real run of `ReplicateRecipe`, its groups read back
/// as JSON and as a table and compared with the values worked by hand there.
final class ResultsGroupByTests: XCTestCase {
    var ws: RunTestWorkspace!

    override func setUpWithError() throws {
        ws = try ReplicateRecipe.runInWorkspace()
    }

    func json(_ args: String...) throws -> [Value] {
        let result = ws.lab(["results"] + args + ["--json"])
        XCTAssertEqual(result.code, 0, result.err)
        return try XCTUnwrap(try Value.parseJSON(result.out).arrayValue)
    }

    func check(_ metric: Value, _ expected: ReplicateRecipe.Expected, _ label: String) throws {
        XCTAssertEqual(metric["n"].intValue, expected.n, label)
        XCTAssertEqual(try XCTUnwrap(metric["mean"].doubleValue), expected.mean, accuracy: 1e-6, label)
        XCTAssertEqual(try XCTUnwrap(metric["sd"].doubleValue), expected.sd, accuracy: 1e-6, label)
        let interval = try XCTUnwrap(metric["ci95"].arrayValue, label)
        XCTAssertEqual(try XCTUnwrap(interval.first?.doubleValue), expected.low, accuracy: 1e-6, label)
        XCTAssertEqual(try XCTUnwrap(interval.last?.doubleValue), expected.high, accuracy: 1e-6, label)
    }

    func testGroupsBySchemeWithHandWorkedStatistics() throws {
        let groups = try json("--group-by", "scheme")
        XCTAssertEqual(groups.map { $0["group"]["scheme"].stringValue }, ["a", "b"])
        XCTAssertEqual(groups.map { $0["n"].intValue }, [3, 3])
        try check(groups[0]["metrics"]["acc"], ReplicateRecipe.accA, "acc a")
        try check(groups[1]["metrics"]["acc"], ReplicateRecipe.accB, "acc b")
        try check(groups[0]["metrics"]["loss"], ReplicateRecipe.lossA, "loss a")
        try check(groups[1]["metrics"]["loss"], ReplicateRecipe.lossB, "loss b: over the 2 rows that have it")
    }

    func testTableShowsMeanSDIntervalAndPerMetricN() throws {
        let result = ws.lab("results", "--step", "train", "--group-by", "scheme")
        XCTAssertEqual(result.code, 0, result.err)
        let lines = result.out.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        XCTAssertEqual(lines.first, "scheme n acc acc sd acc 95% CI loss n loss loss sd loss 95% CI")
        // TableFormatter's 4 significant digits of the values above.
        XCTAssertEqual(lines[2], "a 3 0.83 0.03606 [0.7404, 0.9196] 3 2.317 0.03055 [2.241, 2.393]")
        XCTAssertEqual(lines[3], "b 3 0.65 0.05 [0.5258, 0.7742] 2 2.33 0.04243 [1.949, 2.711]")
    }

    /// --where first: b keeps 0.65 and 0.70 → mean 0.675, sd √(2 × 0.025²) = 0.0353553,
    /// half-width 12.7062047 × 0.0353553 / √2 = 0.3176551.
    func testCombinesWithWhereAndSortsNumbers() throws {
        let filtered = try json("--step", "train", "--where", "acc > 0.6 and scheme = 'b'", "--group-by", "scheme")
        XCTAssertEqual(filtered.count, 1)
        try check(filtered[0]["metrics"]["acc"], .init(n: 2, mean: 0.675, sd: 0.0353553, low: 0.675 - 0.3176551,
                                                        high: 0.675 + 0.3176551), "acc b, filtered")

        let byRep = try json("--group-by", "rep,scheme")
        XCTAssertEqual(byRep.map { $0["group"]["rep"].intValue ?? -1 }, [1, 1, 2, 2, 3, 3])
        XCTAssertEqual(byRep.map { $0["group"]["scheme"].stringValue ?? "" }, ["a", "b", "a", "b", "a", "b"])
        // One result per group: no spread, no interval, null rather than NaN.
        XCTAssertEqual(byRep[0]["metrics"]["acc"]["mean"].doubleValue, 0.80)
        XCTAssertEqual(byRep[0]["metrics"]["acc"]["sd"], .null)
        XCTAssertEqual(byRep[0]["metrics"]["acc"]["ci95"], .null)
        XCTAssertEqual(byRep[5]["metrics"]["loss"], .null, "b rep 3 has no loss")
        let table = ws.lab("results", "--group-by", "rep,scheme")
        XCTAssertTrue(table.out.contains("none (n=1)"), table.out)
        XCTAssertFalse(table.out.lowercased().contains("nan"), table.out)
    }

    func testUnknownOrMalformedNamesAreUsageErrors() {
        let typo = ws.lab("results", "--group-by", "schem")
        XCTAssertEqual(typo.code, 2)
        XCTAssertTrue(typo.err.contains("unknown name 'schem' for --group-by (did you mean 'scheme'?)"), typo.err)
        let far = ws.lab("results", "--group-by", "zzzzzzzz")
        XCTAssertEqual(far.code, 2)
        XCTAssertTrue(far.err.contains("group by sweep values, parameters"), far.err)
        XCTAssertEqual(ws.lab("results", "--group-by", "scheme,,rep").code, 2)
        XCTAssertEqual(ws.lab("results", "--group-by", "scheme,scheme").code, 2)
        XCTAssertEqual(ws.lab("results", "--group-by", "scheme", "--all").code, 2)
        let help = ws.lab("results", "--help")
        XCTAssertTrue(help.out.contains("--group-by"), help.out)
    }
}
