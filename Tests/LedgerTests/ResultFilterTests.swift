import Foundation
import XCTest
import LabCore
@testable import Ledger

final class ResultFilterTests: LedgerTestCase {
    var store: LedgerStore!

    /// Five `train` variants and one `eval`; run 2 computes `e1` and reuses `k2`.
    override func setUpWithError() throws {
        try super.setUpWithError()
        store = try makeStore()
        let one = try store.beginRun(runStart())
        let variants: [(String, String, Int, Bool?, Double, Double)] = [
            ("k1", "uniform", 64, true, 0.5, 2.0), ("k2", "sparse", 64, false, 0.9, 1.5),
            ("k3", "sparse", 128, true, 0.7, 1.2), ("k4", "dense", 128, false, 0.85, 1.1),
            ("k5", "longce", 256, nil, 0.95, 1.0),
        ]
        for (label, scheme, dim, flag, niah, loss) in variants {
            var params: [String: Value] = ["dim": .int(dim), "weights": ["scheme": .string(scheme)]]
            if let flag { params["flag"] = .bool(flag) }
            try store.recordStep(step(run: one, id: "train[scheme=\(scheme),dim=\(dim)]", name: "train",
                                      variant: ["scheme": .string(scheme), "dim": .int(dim)], params: .object(params),
                                      key: key(label), scalars: ["niah": niah, "loss": loss]))
        }
        let two = try store.beginRun(runStart())
        try store.recordStep(step(run: two, id: "eval", params: ["model": ["dim": 64], "acc": 5, "x": "it's"],
                                  key: key("e1"), scalars: ["acc": 0.3]))
        try store.recordStep(step(run: two, id: "train[scheme=sparse,dim=64]", name: "train", status: .cached,
                                  key: key("k2"), scalars: ["niah": 0.9, "loss": 1.5]))
    }

    override func tearDownWithError() throws {
        store = nil
        try super.tearDownWithError()
    }

    func labels(_ expression: String) throws -> [String] {
        let names = ["k1", "k2", "k3", "k4", "k5", "e1"]
        let byKey = Dictionary(uniqueKeysWithValues: names.map { (key($0), $0) })
        return try store.results(where: expression).map { byKey[$0.key] ?? $0.key }.sorted()
    }

    func testExpressionTable() throws {
        let table: [(String, [String])] = [
            ("scheme = 'sparse'", ["k2", "k3"]),
            ("scheme = 'sparse' and niah > 0.8", ["k2"]),
            ("scheme = 'sparse' and niah > 0.8 or dim in (64, 128)", ["k1", "k2", "k3", "k4"]),
            ("scheme = 'sparse' and (niah > 0.8 or dim in (64, 128))", ["k2", "k3"]),
            ("dim not in (64, 128)", ["k5"]),
            ("not (dim = 64)", ["k3", "k4", "k5"]),
            ("dim <> 64", ["k3", "k4", "k5"]),
            ("dim != 64", ["k3", "k4", "k5"]),
            ("dim >= 128 and niah < 0.9", ["k3", "k4"]),
            ("0.9 < niah", ["k5"]),
            ("niah > 8e-1", ["k2", "k4", "k5"]),
            ("niah <= 0.7", ["k1", "k3"]),
            ("flag = true", ["k1", "k3"]),
            ("flag != true", ["k2", "k4"]),
            ("flag = FALSE", ["k2", "k4"]),
            ("step = 'eval'", ["e1"]),
            ("step = 'train' and loss < 1.2", ["k4", "k5"]),
            ("step_id = 'train[scheme=dense,dim=128]'", ["k4"]),
            ("op = 'shell'", ["e1", "k1", "k2", "k3", "k4", "k5"]),
            ("run = 2", ["e1", "k2"]),
            ("run != 2", ["k1", "k3", "k4", "k5"]),
            ("run in (1)", ["k1", "k2", "k3", "k4", "k5"]),
            ("run not in (1)", ["e1"]),
            ("model.dim = 64", ["e1"]),
            ("weights.scheme in ('sparse', 'dense')", ["k2", "k3", "k4"]),
            ("param.acc = 5", ["e1"]),
            ("metric.acc < 1", ["e1"]),
            ("x = 'it''s'", ["e1"]),
            ("(scheme = 'dense' or scheme = 'longce') and not niah > 0.9", ["k4"]),
            ("scheme = 'SPARSE'", []),
            ("not not scheme = 'uniform'", ["k1"]),
            ("scheme == 'uniform' OR scheme = 'longce'", ["k1", "k5"]),
            ("\"weights.scheme\" = 'longce'", ["k5"]),
            // Keys selected through the value indexes (positive positions) and per result (under not).
            ("not (scheme = 'sparse' and niah > 0.8)", ["k1", "k3", "k4", "k5"]),
            ("scheme != 'sparse' or niah > 0.9", ["k1", "k4", "k5"]),
            ("flag != true or niah > 0.94", ["k2", "k4", "k5"]),
            ("scheme > 'm' and dim in (64)", ["k1", "k2"]),
            ("scheme not in ('sparse', 'uniform') and not flag = true", ["k4"]),
            ("loss >= 1.5 and run = 2", ["k2"]),
        ]
        for (expression, expected) in table {
            XCTAssertEqual(try labels(expression), expected, expression)
        }
    }

    func testPageReadsTheFirstRowsAndCountsAll() throws {
        let all = try store.results()
        XCTAssertEqual(all.count, 6)
        let page = try store.resultPage(limit: 2)
        XCTAssertEqual(page.total, 6)
        XCTAssertEqual(page.rows.map(\.key), all.prefix(2).map(\.key))
        XCTAssertEqual(page.rows.map(\.metrics), all.prefix(2).map(\.metrics))
        let sparse = try store.resultPage(where: "scheme = 'sparse'", limit: 1)
        XCTAssertEqual(sparse.total, 2)
        XCTAssertEqual(sparse.rows.map(\.key), [key("k3")], "train[scheme=sparse,dim=128] sorts first")
        let none = try store.resultPage(where: "scheme = 'none'", limit: 5)
        XCTAssertEqual(none.total, 0)
        XCTAssertEqual(none.rows.count, 0)
        XCTAssertEqual(try store.resultPage(limit: nil).rows.count, 6)
    }

    func testStepAndWhereCombine() throws {
        XCTAssertEqual(try store.results(step: "train", where: "dim = 64").count, 2)
        XCTAssertEqual(try store.results(step: "eval", where: "dim = 64").count, 0)
    }

    func testInjectionAttemptsAreInert() throws {
        XCTAssertEqual(try labels("x = 'a'' or 1=1 --'"), [])
        XCTAssertEqual(try labels("scheme = 'sparse''; DROP TABLE results; --'"), [])
        XCTAssertEqual(try labels("scheme = 'x'' OR ''1''=''1'"), [])
        XCTAssertThrowsError(try labels("\"scheme = 'x') OR (1=1\" = 'a'")) { error in
            XCTAssertTrue("\(error)".hasPrefix("unknown name"), "\(error)")
        }
        XCTAssertEqual(try store.results().count, 6, "the results table is intact")
    }

    func testErrors() throws {
        let cases: [(String, String)] = [
            ("nia > 0.8", "unknown name 'nia' (did you mean 'niah'?)"),
            ("zzzzzzzz > 0.8", "unknown name 'zzzzzzzz'"),
            ("param.dimm = 1", "unknown parameter 'dimm' (did you mean 'dim'?)"),
            ("metric.los = 1", "unknown metric 'los' (did you mean 'loss'?)"),
            ("dim = 'big'", "type mismatch: parameter 'dim' is a number, but 'big' is a string"),
            ("niah = 'x'", "type mismatch: metric 'niah' is a number, but 'x' is a string"),
            ("scheme > 3", "type mismatch: parameter 'scheme' is a string, but 3 is a number"),
            ("run = 'x'", "type mismatch: the built-in 'run' is a run number, but 'x' is a string"),
            ("acc > 1", "'acc' is both a parameter and a metric; write param.acc or metric.acc"),
            ("flag > true", "'>' does not apply to booleans"),
            ("dim in (64, 'a')", "type mismatch"),
        ]
        for (expression, message) in cases {
            XCTAssertThrowsError(try store.results(where: expression), expression) { error in
                guard case LedgerError.badFilter(let text) = error else { return XCTFail("\(expression): \(error)") }
                XCTAssertTrue(text.hasPrefix(message), "\(expression): \(text)")
                XCTAssertFalse(text.contains("loss") && !message.contains("loss"), "lists nothing else: \(text)")
            }
        }
    }

    func testSyntaxErrorsPointAtTheColumn() throws {
        let cases: [(String, Int, String)] = [
            ("scheme = 'sparse' and niah >", 29, "expected a value"),
            ("scheme = sparse", 10, "strings take single quotes"),
            ("scheme = 'sparse", 10, "unterminated string"),
            ("(dim = 64", 10, "expected ')'"),
            ("dim = 64 dim = 128", 10, "unexpected 'dim'"),
            ("dim 64", 5, "expected a comparison"),
            ("dim in 64", 8, "expected '('"),
            ("dim = 64 and", 13, "expected a name"),
            ("dim # 4", 5, "unexpected character '#'"),
            ("", 1, "the expression is empty"),
            ("dim = 6x", 8, "unexpected 'x'"),
        ]
        for (expression, column, message) in cases {
            XCTAssertThrowsError(try FilterParser.parse(expression), expression) { error in
                guard case LedgerError.badFilter(let text) = error else { return XCTFail("\(expression): \(error)") }
                XCTAssertTrue(text.contains(message), "\(expression): \(text)")
                XCTAssertTrue(text.contains("(column \(column))"), "\(expression): \(text)")
                let caretLine = text.split(separator: "\n").last.map(String.init) ?? ""
                XCTAssertEqual(caretLine.firstIndex(of: "^").map { caretLine.distance(from: caretLine.startIndex, to: $0) },
                               column + 1, "caret under column \(column): \(text)")
            }
        }
    }

    func testParserTree() throws {
        let tree = try FilterParser.parse("a = 1 or b = 'x' and not c in (true)")
        XCTAssertEqual(tree, .or([.compare(FilterName(text: "a", column: 1), .equal, .number(1)),
                                  .and([.compare(FilterName(text: "b", column: 10), .equal, .string("x")),
                                        .not(.inList(FilterName(text: "c", column: 26), [.bool(true)], negated: false))])]))
    }

    /// `like` matches text parameters and built-ins against an SQL pattern: `sparse%` finds
    /// `sparse` and would find `sparse(0.25)`; `not like` keeps what does not match.
    func testLikeMatchesTextAgainstAPattern() throws {
        let table: [(String, [String])] = [
            ("scheme like 'sparse%'", ["k2", "k3"]),
            ("scheme LIKE 'SPAR%'", ["k2", "k3"]),
            ("scheme like '_ense'", ["k4"]),
            ("scheme not like 'sparse%'", ["k1", "k4", "k5"]),
            ("not (scheme like '%e%')", ["k1"]),                 // uniform; e1 has no scheme: NULL, left out
            ("step like 'tr%' and dim = 64", ["k1", "k2"]),
            ("step_id like '%dim=128]'", ["k3", "k4"]),
            ("scheme like 'sparse%' or niah > 0.94", ["k2", "k3", "k5"]),
        ]
        for (expression, expected) in table {
            XCTAssertEqual(try labels(expression), expected, expression)
        }
        for (expression, message) in [
            ("niah like '0.9%'", "'like' matches text against a 'pattern' ('niah' like 'sparse%'): 'niah' is not text"),
            ("scheme like 3", "'like' matches text against a 'pattern' ('scheme' like 'sparse%'): 3 is a number"),
            ("'sparse%' like scheme", "write the name first"),
        ] {
            XCTAssertThrowsError(try store.results(where: expression), expression) { error in
                XCTAssertTrue("\(error)".contains(message), "\(expression): \(error)")
            }
        }
    }
}
