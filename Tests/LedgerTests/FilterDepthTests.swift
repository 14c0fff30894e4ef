import Foundation
import XCTest
import LabCore
@testable import Ledger

/// Long `or` chains compile to one flat SQL disjunction; deep nesting stops at a depth limit
/// with a message instead of overflowing SQLite's parser stack or our own.
final class FilterDepthTests: LedgerTestCase {
    var store: LedgerStore!

    override func setUpWithError() throws {
        try super.setUpWithError()
        store = try makeStore()
        let run = try store.beginRun(runStart())
        for dim in [64, 128, 256] {
            try store.recordStep(step(run: run, id: "train[dim=\(dim)]", name: "train", variant: ["dim": .int(dim)],
                                      params: ["dim": .int(dim)], key: key("k\(dim)"), scalars: ["niah": Double(dim) / 1000]))
        }
    }

    override func tearDownWithError() throws {
        store = nil
        try super.tearDownWithError()
    }

    func testEightyFiveOrTermsWork() throws {
        let expression = (1000...1084).map { "dim = \($0)" }.joined(separator: " or ") + " or dim = 128"
        let rows = try store.results(where: expression)
        XCTAssertEqual(rows.map(\.key), [key("k128")])
    }

    func testTwoHundredAndTermsWork() throws {
        let expression = (1...200).map { _ in "dim > 1" }.joined(separator: " and ")
        XCTAssertEqual(try store.results(where: expression).count, 3)
    }

    func testChainsParseIntoOneNaryNode() throws {
        let tree = try FilterParser.parse("a = 1 or b = 2 or (c = 3 or d = 4) and e = 5")
        guard case .or(let terms) = tree else { return XCTFail("\(tree)") }
        XCTAssertEqual(terms.count, 3)
        guard case .and(let factors) = terms[2] else { return XCTFail("\(terms[2])") }
        XCTAssertEqual(factors.count, 2)
    }

    func testThirtyThousandParenthesesAreADepthError() throws {
        let expression = String(repeating: "(", count: 30_000) + "dim = 64" + String(repeating: ")", count: 30_000)
        XCTAssertThrowsError(try store.results(where: expression)) { error in
            guard case LedgerError.badFilter(let text) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(text.hasPrefix("invalid --where expression: nested more than 64 levels deep (column 65)"), String(text.prefix(200)))
            XCTAssertLessThan(text.count, 400, "the message does not echo 30,000 characters")
        }
    }

    func testThirtyThousandNotsAreADepthError() throws {
        let expression = String(repeating: "not ", count: 30_000) + "dim = 64"
        XCTAssertThrowsError(try store.results(where: expression)) { error in
            guard case LedgerError.badFilter(let text) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(text.hasPrefix("invalid --where expression: nested more than 64 levels deep"), String(text.prefix(200)))
        }
    }

    func testSixtyFourLevelsStillWork() throws {
        let expression = String(repeating: "(", count: 64) + "dim = 64" + String(repeating: ")", count: 64)
        XCTAssertEqual(try store.results(where: expression).map(\.key), [key("k64")])
    }

    func testTooManyTermsIsAClearError() throws {
        let expression = (1...2_000).map { "dim = \($0)" }.joined(separator: " or ")
        XCTAssertThrowsError(try store.results(where: expression)) { error in
            guard case LedgerError.badFilter(let text) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(text.hasPrefix("invalid --where expression: more than 500 comparisons"), String(text.prefix(200)))
        }
    }
}
