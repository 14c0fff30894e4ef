import XCTest
import LabCore
@testable import Operations

final class ShellOperationTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("lab-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("out"), withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: root) }

    var out: URL { root.appendingPathComponent("out") }

    /// Runs the shell operation with defaults filled in like the resolver does.
    func run(_ params: [String: Value], cancelled: @escaping @Sendable () -> Bool = { false },
             log: ShellTestLog = ShellTestLog()) throws -> OperationResult {
        try? FileManager.default.removeItem(at: out)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        var full: [String: Value] = params
        for spec in ShellOperation().params where full[spec.name] == nil { full[spec.name] = spec.defaultValue }
        let context = OperationContext(params: full, outputDirectory: out, recipeDirectory: root, seed: 42, threads: 1,
                                       stepID: "s[x=1]", log: { log.add($0) }, isCancelled: cancelled)
        return try ShellOperation().run(context)
    }

    func read(_ name: String) throws -> String { try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8) }

    func testRunsInTheOutputFolderWithLabVariables() throws {
        try "data".write(to: root.appendingPathComponent("in.txt"), atomically: true, encoding: .utf8)
        let log = ShellTestLog()
        _ = try run(["run": "echo hi > a.txt; echo \"$LAB_SEED $LAB_STEP\"; cat \"$LAB_INPUT_0\"; echo; test \"$LAB_OUT\" = \"$(pwd -P)\" && echo same",
                     "inputs": ["in.txt"]], log: log)
        XCTAssertEqual(try read("a.txt"), "hi\n")
        XCTAssertEqual(try read("stdout.txt"), "42 s[x=1]\ndata\nsame\n")
        XCTAssertEqual(log.lines, ["42 s[x=1]", "data", "same"])
    }

    func testEnvValuesAreNeverSplicedIntoTheCommand() throws {
        _ = try run(["run": "printf '%s|%s|%s|%s' \"$NAME\" \"$N\" \"$FLAG\" \"$DIRS\" > env.txt",
                     "env": ["NAME": "$(touch pwned); `touch pwned2`", "N": 0.5, "FLAG": true, "DIRS": ["/a", "/b"]]])
        XCTAssertEqual(try read("env.txt"), "$(touch pwned); `touch pwned2`|0.5|true|/a\n/b")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("pwned").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("pwned2").path))
    }

    func testMetricsFileGivesScalarsAndSeries() throws {
        let result = try run(["run": #"echo '{"acc": 0.75, "n": 3, "series": {"loss": [[0, 2.5], [10, 1.25]]}}' > "$LAB_METRICS""#])
        XCTAssertEqual(result.scalars, ["acc": 0.75, "n": 3])
        XCTAssertEqual(result.series["loss"], [SeriesPoint(iteration: 0, value: 2.5), SeriesPoint(iteration: 10, value: 1.25)])
        XCTAssertEqual(try run(["run": "true"]), OperationResult())
    }

    func testMalformedMetricsFailWithAClearMessage() {
        XCTAssertThrowsError(try run(["run": #"echo '{"acc": "high"}' > "$LAB_METRICS""#])) { error in
            XCTAssertEqual("\(error)", "metrics file: metric 'acc' must be a number, found a string")
        }
        XCTAssertThrowsError(try run(["run": #"echo '{"acc": ' > "$LAB_METRICS""#])) { error in
            XCTAssertTrue("\(error)".hasPrefix("metrics file: invalid JSON"), "\(error)")
        }
        XCTAssertThrowsError(try run(["run": #"echo '{"series": {"loss": [[0.5, 1]]}}' > "$LAB_METRICS""#])) { error in
            XCTAssertTrue("\(error)".contains("series 'loss' item 0"), "\(error)")
        }
    }

    func testNonZeroExitShowsStatusAndLastLinesOfStderr() {
        XCTAssertThrowsError(try run(["run": "echo working; echo 'no such thing' >&2; exit 3"])) { error in
            XCTAssertEqual("\(error)", "exit status 3\n  | no such thing")
        }
        XCTAssertThrowsError(try run(["run": "echo only-stdout; kill -9 $$"])) { error in
            XCTAssertEqual("\(error)", "killed by signal 9\n  | only-stdout")
        }
    }

    func testCancellationKillsTheProcessGroupQuickly() throws {
        let start = Date()
        let flag = ShellTestFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { flag.set() }
        XCTAssertThrowsError(try run(["run": "sleep 30 & sleep 30; echo done > late.txt"], cancelled: { flag.isSet })) { error in
            guard case OperationError.cancelled = error else { return XCTFail("\(error)") }
        }
        let elapsed = Date().timeIntervalSince(start)
        print("cancelled after \(elapsed) s")
        XCTAssertLessThan(elapsed, 2.5)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("late.txt").path))
    }

    func testTimeout() {
        XCTAssertThrowsError(try run(["run": "echo started; sleep 10", "timeout": 0.3])) { error in
            XCTAssertEqual("\(error)", "timed out after 0.3 s\n  | started")
        }
    }

    func testValidationNamesTheParameter() {
        let op = ShellOperation()
        XCTAssertThrowsError(try op.validate(["run": "  ", "env": [:]])) { XCTAssertEqual("\($0)", "parameter 'run': needs a non-empty command") }
        XCTAssertThrowsError(try op.validate(["run": " \n\t\u{2003}\u{85}", "env": [:]])) { XCTAssertEqual("\($0)", "parameter 'run': needs a non-empty command") }
        XCTAssertNoThrow(try op.validate(["run": "\n true \n", "env": [:]]))
        XCTAssertThrowsError(try op.validate(["run": "x", "env": ["LAB_OUT": "y"]])) {
            XCTAssertEqual("\($0)", "parameter 'env.LAB_OUT': names starting with LAB_ are reserved for lab")
        }
        XCTAssertThrowsError(try op.validate(["run": "x", "env": ["1X": "y"]])) {
            XCTAssertEqual("\($0)", "parameter 'env.1X': not a valid environment variable name")
        }
        XCTAssertThrowsError(try op.validate(["run": "x", "env": ["A": ["k": 1]]])) {
            XCTAssertTrue("\($0)".hasPrefix("parameter 'env.A': a mapping cannot"), "\($0)")
        }
        XCTAssertNoThrow(try op.validate(["run": "x", "env": ["A": StepReference.value("data"), "B": 1]]))
    }
}

final class ShellTestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    /// An entry may be a block of lines (as the executor's step log reads it).
    func add(_ entry: String) {
        let body = entry.hasSuffix("\n") ? String(entry.dropLast()) : entry
        lock.lock(); stored.append(contentsOf: body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)); lock.unlock()
    }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}

final class ShellTestFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

final class ShellNULTests: XCTestCase {
    func testANULByteInTheCommandOrTheEnvironmentIsAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-nul-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = (dir.appendingPathComponent("o"), dir.appendingPathComponent("e"))
        XCTAssertThrowsError(try ChildProcess(command: "echo a\0; touch b", directory: dir, environment: [:], stdout: files.0, stderr: files.1)) {
            XCTAssertEqual("\($0)", "the command contains a NUL byte (\\0), which no process can receive")
        }
        XCTAssertThrowsError(try ChildProcess(command: "echo", directory: dir, environment: ["X": "a\0b"], stdout: files.0, stderr: files.1)) {
            XCTAssertEqual("\($0)", "environment variable X contains a NUL byte (\\0), which no process can receive")
        }
        let op = ShellOperation()
        XCTAssertThrowsError(try op.validate(["run": "echo a\0b", "env": [:]])) {
            XCTAssertEqual("\($0)", "parameter 'run': contains a NUL byte (\\0), which no process can receive")
        }
        XCTAssertThrowsError(try op.validate(["run": "x", "env": ["A": ["ok", "a\0b"]]])) {
            XCTAssertEqual("\($0)", "parameter 'env.A[1]': contains a NUL byte (\\0), which no process can receive")
        }
    }
}
