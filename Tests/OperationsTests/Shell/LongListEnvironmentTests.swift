import XCTest
import LabCore
@testable import Operations

/// A gathered sweep of ~1,300 variants is a list of artifact folders longer than Linux allows
/// for one environment string (128 KiB): such a list reaches the command as a file instead.
final class LongListEnvironmentTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("lab-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("out"), withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: root) }

    func run(_ command: String, env: [String: Value]) throws -> String {
        let out = root.appendingPathComponent("out")
        let params: [String: Value] = ["run": .string(command), "inputs": [], "env": .object(env), "timeout": 0]
        let context = OperationContext(params: params, outputDirectory: out, recipeDirectory: root, seed: 1, threads: 1, stepID: "all")
        _ = try ShellOperation().run(context)
        return try String(contentsOf: out.appendingPathComponent("stdout.txt"), encoding: .utf8)
    }

    /// 1,300 paths like `/home/user/lab/artifacts/<64 hex>`: about 130 KB.
    var folders: [Value] {
        (0..<1_300).map { .string("/home/someone/projects/lab/artifacts/" + String(repeating: String($0 % 10), count: 64)) }
    }

    func testALongListArrivesAsAFile() throws {
        let text = try run(#"echo "${MODELS:-unset}"; wc -l < "$MODELS_FILE"; head -c 38 "$MODELS_FILE"; echo; echo "$LAB_LIST_LIMIT""#,
                           env: ["MODELS": .array(folders)])
        XCTAssertEqual(text, "unset\n1300\n/home/someone/projects/lab/artifacts/0\n65536\n")
    }

    func testAShortListIsInBothForms() throws {
        let text = try run(#"echo "$DIRS"; cat "$DIRS_FILE""#, env: ["DIRS": ["/a", "/b"]])
        XCTAssertEqual(text, "/a\n/b\n/a\n/b\n")
    }

    func testTheListFilesAreGoneAfterTheStep() throws {
        let text = try run(#"echo "$DIRS_FILE""#, env: ["DIRS": ["/a"]])
        let path = text.trimmingCharacters(in: .newlines)
        XCTAssertTrue(path.hasSuffix("/DIRS"), path)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        XCTAssertFalse(path.hasPrefix(root.appendingPathComponent("out").path), "not inside the artifact")
    }
}
