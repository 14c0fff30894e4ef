import Foundation
import XCTest
@testable import LabCLI

/// A sweep of 300 variants: the notebook shows one summary cell for the step (plus its failed
/// variant), and compares the first 100 variants, pointing to `lab results` for the rest.
final class LargeSweepNotebookTests: XCTestCase {
    func testHugeSweepIsSummarisedNotListed() throws {
        let ws = try RunTestWorkspace()
        let values = (1...300).map(String.init).joined(separator: ", ")
        let recipe = try ws.write("big.yaml", """
        lab: 1
        name: big
        steps:
          gen:
            title: Generate
            op: shell
            sweep: {i: [\(values)]}
            with:
              run: 'echo "{\\"v\\": $I}" > "$LAB_METRICS"; [ "$I" != 7 ] || { echo broken; exit 3; }'
              env: {I: "${sweep.i}"}
          after:
            op: shell
            with: {run: 'echo done > done.txt'}
        """)
        let run = ws.lab("run", recipe, "-j", "2")
        XCTAssertEqual(run.code, 1, "variant 7 fails: " + run.err)
        let md = try String(contentsOfFile: ws.root.path + "/experiments/run-1/notebook.md", encoding: .utf8)
        XCTAssertTrue(md.contains("**300 variants** of `gen`: 299 ran, 1 failed"), md.prefix(3000).description)
        XCTAssertTrue(md.contains("gen[i=7]"), "the failed variant keeps its cell")
        XCTAssertTrue(md.contains("broken"), "with its log tail")
        XCTAssertFalse(md.contains("gen[i=250]"), "variants beyond the comparison's first 100 are not listed")
        XCTAssertTrue(md.contains("Shown: the first 100 of 300 variants in grid order"), md.prefix(3000).description)
        XCTAssertTrue(md.contains("`lab results --step gen`"))
        XCTAssertTrue(md.contains("after"), "other steps keep their cells")
        let html = try Data(contentsOf: ws.root.appendingPathComponent("experiments/run-1/notebook.html"))
        print("notebook of a 300-variant sweep: \(md.utf8.count) bytes of Markdown, \(html.count) bytes of HTML")
        XCTAssertLessThan(html.count, 1_000_000)
    }
}
