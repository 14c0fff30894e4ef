import Foundation
import XCTest
@testable import Ledger
@testable import LabCLI

/// `lab plan` only reads the ledger and never migrates it: on a ledger of an older schema it
/// still plans (without the recorded runs' reasons) and says why, instead of failing.
final class PlanOlderLedgerTests: XCTestCase {
    func testPlansOnAnOlderLedgerWithANote() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("r.yaml", "lab: 1\nname: r\nsteps:\n  a: {op: shell, with: {run: 'echo a > a.txt'}}\n")
        XCTAssertEqual(ws.lab("run", recipe).code, 0)
        let path = ws.root.path + "/experiments/ledger.sqlite"
        do {
            let db = try SQLiteConnection(path: path, readOnly: false)
            try db.execute("PRAGMA user_version = \(LedgerSchema.currentVersion - 1)")
        }
        let plan = ws.lab("plan", recipe)
        XCTAssertEqual(plan.code, 0, plan.err)
        XCTAssertTrue(plan.out.contains("cached"), plan.out)
        XCTAssertTrue(plan.err.contains("planning without the recorded runs"), plan.err)
    }
}
