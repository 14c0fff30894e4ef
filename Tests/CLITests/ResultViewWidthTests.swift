import Foundation
import XCTest
import LabCore
@testable import LabCLI

/// After runs of two shipped recipes (token-weighting twice under its smoke profile, the second
/// with `--set`, and shell-example), the built `lab` renders `results`, `compare`, `show` and
/// `runs` within COLUMNS: no line wider than the terminal (counted in characters on screen,
/// not bytes), and what a reader needs still there.
final class ResultViewWidthTests: XCTestCase {
    nonisolated(unsafe) static var shared: RunTestWorkspace?

    override class func setUp() {
        super.setUp()
        guard let ws = try? RunTestWorkspace() else { return }
        guard let tw = try? ws.write("token-weighting.yaml", shippedRecipe("token-weighting.yaml")),
              let shell = try? ws.write("shell-example.yaml", shippedRecipe("shell-example.yaml")) else { return }
        let runs = [ws.lab("run", tw, "--profile", "smoke"),
                    ws.lab("run", tw, "--profile", "smoke", "--set", "lr=0.01", "--set", "steps=6", "--name", "faster-lr"),
                    ws.lab("run", shell, "--profile", "smoke")]
        guard runs.allSatisfy({ $0.code == 0 }) else { return }
        shared = ws
    }

    override class func tearDown() { shared = nil; super.tearDown() }

    func workspace() throws -> RunTestWorkspace { try XCTUnwrap(Self.shared, "the three runs did not succeed") }

    /// Runs the built `lab` with COLUMNS set; its standard output.
    func render(_ args: [String], columns: Int, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let ws = try workspace()
        let process = Process()
        process.executableURL = try RunTestWorkspace.labBinary()
        process.arguments = ["--home", ws.root.path] + args
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = String(columns)
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(args): " + String(decoding: errors, as: UTF8.self), file: file, line: line)
        return String(decoding: data, as: UTF8.self)
    }

    /// Columns a line takes on screen: one per character (grapheme cluster), two for East Asian
    /// wide characters, whatever their bytes (`…`, `·`, `Δ`, `×` are three or two bytes each).
    func screenWidth(_ line: Substring) -> Int {
        line.reduce(0) { sum, character in
            let v = character.unicodeScalars.first?.value ?? 0
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) || (0x1F300...0x1FAFF).contains(v)
            return sum + (wide ? 2 : 1)
        }
    }

    func assertFits(_ text: String, _ columns: Int, _ what: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(text.isEmpty, "\(what) printed nothing", file: file, line: line)
        for row in text.split(separator: "\n") {
            XCTAssertLessThanOrEqual(screenWidth(row), columns, "\(what): \(row)", file: file, line: line)
        }
    }

    static let views: [[String]] = [
        ["results"], ["results", "--step", "eval"], ["results", "--step", "finetune"], ["results", "--recipe", "shell-example"],
        ["results", "--step", "eval", "--group-by", "scheme"], ["compare", "1", "faster-lr"], ["compare", "1", "3"],
        ["compare", "1", "2", "3", "--all"], ["show", "1"], ["show", "faster-lr"], ["show", "3"], ["runs"],
    ]

    func testEveryViewFitsOneHundredAndSixtyColumns() throws {
        for columns in [100, 60] {
            for view in Self.views { assertFits(try render(view, columns: columns), columns, view) }
        }
    }

    /// Before: the overrides cell alone was 80 characters and the step rows wrapped; a long
    /// blas line and 64-digit artifact paths wrapped `lab show`.
    func testTheUnfittedContentWasWider() throws {
        let ws = try workspace()
        let run = try Value.parseJSON(ws.lab("show", "1", "--json").out)
        XCTAssertGreaterThan(Value.object(run["overrides"].objectValue ?? [:]).canonicalJSON.count, 100)
        XCTAssertGreaterThan(run["blas"].stringValue?.count ?? 0, 100)
        let csv = try render(["results", "--all", "--format", "csv"], columns: 100)
        let widest = csv.split(separator: "\n").map { (line: Substring) -> Int in line.count }.max() ?? 0
        XCTAssertGreaterThan(widest, 100, "every column would not fit")
    }

    func testResultsKeepWhatVariesAndTheMetricsThatMatter() throws {
        let eval = try render(["results", "--step", "eval"], columns: 100)
        let header = eval.split(separator: "\n")[0].split(separator: " ").map(String.init)
        // The claims' metrics first, then the operation's declared ones; counts left out.
        XCTAssertEqual(Array(header.prefix(6)), ["step", "run", "rep", "scheme", "long.acc", "short.acc"], eval)
        XCTAssertTrue(header.contains("loss") && header.contains("acc"), eval)
        XCTAssertFalse(header.contains("tokens") || header.contains("long.tokens") || header.contains("window"), eval)
        for scheme in ["uniform", "dense(0.75)", "sparse(0.25)", "longce(5)"] { XCTAssertTrue(eval.contains(scheme), scheme) }
        XCTAssertEqual(eval.split(separator: "\n").filter { $0.hasPrefix("eval ") }.count, 40, eval)

        // lr and steps differ between the two runs' fine-tuning: shown; within run 1 they do not.
        let both = try render(["results", "--step", "finetune", "--limit", "0"], columns: 100)
        let bothHeader = both.split(separator: "\n")[0].split(separator: " ").map(String.init)
        XCTAssertTrue(bothHeader.contains("lr") && bothHeader.contains("steps"), both)
        XCTAssertTrue(both.contains("0.01"), both)
        let one = try render(["results", "--step", "finetune", "--where", "run = 1"], columns: 100)
        XCTAssertFalse(one.split(separator: "\n")[0].split(separator: " ").contains("lr"), one)

        // A narrow terminal loses the lesser metrics first and says which.
        let narrow = try render(["results", "--step", "eval"], columns: 60)
        let narrowHeader = narrow.split(separator: "\n")[0].split(separator: " ").map(String.init)
        XCTAssertEqual(Array(narrowHeader.prefix(6)), ["step", "run", "rep", "scheme", "long.acc", "short.acc"], narrow)
        let hiddenLine = try XCTUnwrap(narrow.split(separator: "\n").first { $0.hasPrefix("not shown, to fit 60 columns: ") })
        XCTAssertTrue(hiddenLine.contains("ppl"), String(hiddenLine))
    }

    func testCompareShowsOneOverridePerRowAndShortKeys() throws {
        let compare = try render(["compare", "1", "faster-lr"], columns: 100)
        let lines = compare.split(separator: "\n").map(String.init)
        let setLR = try XCTUnwrap(lines.first { $0.contains("set lr") }, compare)
        XCTAssertTrue(setLR.hasSuffix("0.01"), setLR)
        XCTAssertTrue(lines.contains { $0.contains("set steps") && $0.contains(" 4 ") && $0.hasSuffix("6") }, compare)
        XCTAssertTrue(lines.contains { $0.contains("name") && $0.hasSuffix("faster-lr") }, compare)
        XCTAssertFalse(compare.contains("{\""), "no JSON cell")
        XCTAssertNil(compare.range(of: "[0-9a-f]{13,}", options: .regularExpression), "keys shortened to 12 digits")
        XCTAssertTrue(lines.contains { $0.contains("final_loss") }, compare)
        XCTAssertFalse(lines.contains { $0.contains("train_seconds") }, "a timing differs always and says nothing (--all shows it)")
        XCTAssertTrue(try render(["compare", "1", "faster-lr", "--all"], columns: 100).contains("train_seconds"))
    }

    func testShowKeepsStepIdsWholeAndKeysShort() throws {
        let show = try render(["show", "1"], columns: 100)
        for scheme in ["uniform", "dense(0.75)", "sparse(0.25)", "longce(5)"] {
            XCTAssertTrue(show.contains("finetune[scheme=\(scheme),rep=5]"), show)
        }
        XCTAssertNil(show.range(of: "[0-9a-f]{13,}", options: .regularExpression), "no 64-digit paths")
        XCTAssertTrue(show.contains("claims (verdicts from this run's replicates)"), show)
        XCTAssertTrue(show.contains("eval · long.acc: scheme=dense(0.75) (n=5) vs scheme=uniform (n=5)"), show)
        let named = try render(["show", "faster-lr"], columns: 100)
        XCTAssertTrue(named.contains("  name       faster-lr"), named)
        XCTAssertTrue(named.contains("  overrides  lr=0.01 steps=6"), "only what --set changed beyond the profile: \(named)")
    }

    func testRunsShowProfileAndOverrides() throws {
        // At 100 columns the settings cell is the one cut; a wider terminal shows it whole.
        for (columns, settings) in [(100, "smoke lr=0.01"), (120, "smoke lr=0.01 steps=6")] {
            let runs = try render(["runs"], columns: columns)
            let lines = runs.split(separator: "\n").map(String.init)
            XCTAssertTrue(lines[0].hasPrefix("run  name"), runs)
            XCTAssertTrue(lines.contains { $0.hasPrefix("  2  faster-lr") && $0.contains(settings) && $0.contains("succeeded") }, runs)
            XCTAssertTrue(lines.contains { $0.hasPrefix("  1  -") && $0.hasSuffix("smoke") }, runs)
            XCTAssertTrue(lines.contains { $0.hasPrefix("  3  -") && $0.contains("shell-example") }, runs)
        }
    }
}
