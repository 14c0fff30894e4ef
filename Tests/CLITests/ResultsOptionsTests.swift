import Foundation
import XCTest
import LabCore
@testable import LabCLI

/// `lab results --columns / --sort / --recipe / --format` on the replicate fixture (two schemes
/// × three replicates of a shell step; values in ReplicateRecipe).
final class ResultsOptionsTests: XCTestCase {
    var ws: RunTestWorkspace!

    override func setUpWithError() throws {
        ws = try ReplicateRecipe.runInWorkspace()
    }

    /// Data lines of a CSV (header dropped).
    func csvRows(_ out: String) -> [String] { Array(out.split(separator: "\n").map(String.init).dropFirst()) }

    func testDefaultColumnsNameTheStepItsSweepValuesAndEveryShellMetric() {
        let table = ws.lab("results")
        XCTAssertEqual(table.code, 0, table.err)
        let lines = table.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0].split(separator: " ").map(String.init), ["step", "run", "rep", "scheme", "acc", "loss"])
        XCTAssertEqual(lines[2].split(separator: " ").map(String.init), ["train", "1", "1", "a", "0.8", "2.31"])
        XCTAssertEqual(lines.count, 8, "header, rule, six rows: nothing else")
    }

    func testSortAscendingDescendingMissingLast() {
        let down = ws.lab("results", "--sort", "-acc", "--columns", "scheme,rep,acc", "--format", "csv")
        XCTAssertEqual(down.code, 0, down.err)
        XCTAssertEqual(csvRows(down.out), ["a,3,0.87", "a,2,0.82", "a,1,0.8", "b,3,0.7", "b,2,0.65", "b,1,0.6"])
        XCTAssertEqual(ws.lab("results", "--sort", "acc:desc", "--columns", "scheme,rep,acc", "--format", "csv").out, down.out)
        // b-3 has no loss: last whichever the direction.
        let up = ws.lab("results", "--sort", "loss", "--columns", "scheme,rep", "--format", "csv")
        XCTAssertEqual(csvRows(up.out), ["a,2", "b,1", "a,1", "a,3", "b,2", "b,3"])
        let lossDown = ws.lab("results", "--sort", "-loss", "--columns", "scheme,rep", "--format", "csv")
        XCTAssertEqual(csvRows(lossDown.out), ["b,2", "a,3", "a,1", "b,1", "a,2", "b,3"])
        // --limit keeps the first N after sorting, and says how many matched.
        let top = ws.lab("results", "--sort", "-acc", "--limit", "2", "--columns", "scheme,rep,acc")
        let lines = top.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.dropFirst(2).prefix(2).map { $0.split(separator: " ").map(String.init) }, [["a", "3", "0.87"], ["a", "2", "0.82"]])
        XCTAssertEqual(lines.last, "2 of 6 results shown; --limit N shows more, --limit 0 all")
        // Sorting by a sweep value orders text; by run, numbers.
        XCTAssertEqual(csvRows(ws.lab("results", "--sort", "-scheme", "--columns", "scheme", "--format", "csv").out),
                       ["b", "b", "b", "a", "a", "a"])
    }

    func testColumnsChooseAndFormatsPrintWhole() throws {
        let csv = ws.lab("results", "--columns", "step_id,key,acc", "--format", "csv", "--sort", "acc")
        let rows = csvRows(csv.out)
        XCTAssertEqual(csv.out.split(separator: "\n").first, "step_id,key,acc")
        XCTAssertTrue(rows[0].hasPrefix("\"train[scheme=b,rep=1]\","), rows[0])   // the id holds a comma: quoted
        XCTAssertEqual(rows[0].split(separator: ",").last, "0.6")
        XCTAssertNotNil(rows[0].range(of: ",[0-9a-f]{64},", options: .regularExpression), "CSV keys are whole: \(rows[0])")
        let table = ws.lab("results", "--columns", "step_id,key", "--sort", "acc")
        XCTAssertNotNil(table.out.range(of: "train\\[scheme=b,rep=1\\]  [0-9a-f]{12}\n", options: .regularExpression), table.out)

        let markdown = ws.lab("results", "--columns", "scheme,rep,acc", "--format", "markdown")
        XCTAssertTrue(markdown.out.hasPrefix("| scheme | rep | acc |\n|---|---|---|\n| a | 1 | 0.8 |\n"), markdown.out)

        let json = ws.lab("results", "--format", "json", "--sort", "-acc")
        XCTAssertEqual(try Value.parseJSON(json.out).arrayValue?.first?["variant"], ["scheme": "a", "rep": 3])
        XCTAssertEqual(ws.lab("results", "--json").out, ws.lab("results", "--format", "json").out)

        // Every option of the group view takes a format too.
        let grouped = ws.lab("results", "--group-by", "scheme", "--format", "csv")
        XCTAssertTrue(grouped.out.hasPrefix("scheme,n,acc,acc sd,acc 95% CI"), grouped.out)
    }

    func testAParameterNamedLikeABuiltInGetsItsOwnHeader() {
        // A shell step's `run` parameter beside the `run` column: `lab results --all` had two `run` columns.
        let all = ws.lab("results", "--all")
        let header = all.out.split(separator: "\n")[0].split(separator: " ").map(String.init)
        XCTAssertEqual(header.filter { $0 == "run" }.count, 1, all.out)
        XCTAssertEqual(header.filter { $0 == "param.run" }.count, 1, all.out)
        XCTAssertEqual(Set(header).count, header.count, "every header once: \(header)")
        let run = ws.lab("results", "--columns", "param.run", "--format", "csv")
        XCTAssertTrue(run.out.contains("case \"\"$SCHEME-$REP\"\" in"), run.out)
    }

    func testRecipeFilter() throws {
        let other = try ws.write("other.yaml", """
            lab: 1
            name: other
            steps:
              solo:
                op: shell
                with: {run: 'echo "{\\"acc\\": 0.5}" > "$LAB_METRICS"'}
            """)
        XCTAssertEqual(ws.lab("run", other).code, 0)
        let mine = ws.lab("results", "--recipe", "other", "--columns", "step_id", "--format", "csv")
        XCTAssertEqual(csvRows(mine.out), ["solo"])
        XCTAssertEqual(csvRows(ws.lab("results", "--recipe", "replicates", "--columns", "step", "--format", "csv").out).count, 6)
        let unknown = ws.lab("results", "--recipe", "replicate")
        XCTAssertEqual(unknown.code, 1)
        XCTAssertTrue(unknown.err.contains("no run of a recipe named 'replicate' (did you mean 'replicates'?)"), unknown.err)
    }

    func testBadOptionsAreUsageErrors() {
        for args in [["--sort", "acx"], ["--sort", "-"], ["--columns", "acc,,loss"], ["--columns", "nope"],
                     ["--format", "xml"], ["--json", "--format", "csv"], ["--columns", "acc", "--all"],
                     ["--group-by", "scheme", "--sort", "acc"]] {
            let result = ws.lab(["results"] + args)
            XCTAssertEqual(result.code, 2, "\(args): \(result.out) \(result.err)")
            XCTAssertEqual(result.out, "", "\(args)")
        }
        XCTAssertTrue(ws.lab("results", "--sort", "acx").err.contains("no column 'acx' among the results shown (did you mean 'acc'?)"))
    }
}
