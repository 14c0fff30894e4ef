import Foundation
import XCTest

/// The README cannot go stale: every command it shows in a `console` block (a line starting
/// with `$ `) is run here, in order, in one fresh workspace holding a copy of `recipes/`, by
/// the built `lab` binary with the workspace as its current directory. Each must exit 0, or
/// the code its line names in a trailing `# exit N` comment.
///
/// Two rules keep the suite short, and are the only liberties taken: `lab run` and `lab plan`
/// of a recipe that declares a `smoke` profile get `--profile smoke` unless the line gives a
/// profile; and a line that is not a `lab` command must be one of `notReal` (opening a file
/// in a browser), which is not run. The first block's test command must be `.ci/run`'s.
final class ReadmeCommandTests: XCTestCase {
    /// Lines shown as commands that are not `lab` and are not run here.
    static let notReal = ["xdg-open", "export", "cd"]

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
    }

    /// The `$ ` lines of every console block, in order, without the prompt.
    static func commands(in readme: String) -> [String] {
        var inConsole = false
        var commands: [String] = []
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inConsole = line == "```console"; continue }
            if inConsole, line.hasPrefix("$ ") { commands.append(String(line.dropFirst(2))) }
        }
        return commands
    }

    /// Words as a POSIX shell splits them, for the quoting a README uses: single and double
    /// quotes (no expansion), and a `#` comment outside them. Never run by a shell.
    static func words(_ line: String) -> (words: [String], comment: String) {
        var words: [String] = [], current = "", inWord = false
        var quote: Character?
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == "#" && !inWord {
                return (words, String(chars).trimmingCharacters(in: .whitespaces))
            } else if c == " " {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(c)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return (words, "")
    }

    /// `lab --help` lists every exit code a command returns (130: interrupted).
    func testHelpListsEveryExitCode() throws {
        let help = try RunTestWorkspace().lab("--help").out
        for code in ["0 success", "1 a step failed", "2 usage error", "65 recipe error", "130 interrupted"] {
            XCTAssertTrue(help.contains(code), "lab --help lacks '\(code)':\n\(help)")
        }
    }

    func testTheWordSplitterReadsTheREADMEsQuoting() {
        XCTAssertEqual(Self.words("lab results --where \"long.acc > 0.5\"   # filtered").words,
                       ["lab", "results", "--where", "long.acc > 0.5"])
        XCTAssertEqual(Self.words("lab query \"SELECT 'a#b'\" # exit 2").comment, "exit 2")
        XCTAssertEqual(Self.words("lab run x.yaml --set 's=a b'").words, ["lab", "run", "x.yaml", "--set", "s=a b"])
    }

    func testTheFirstLinesAreTheBuildAndTheCITestCommand() throws {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n").map(String.init)
        let block = try XCTUnwrap(lines.firstIndex(of: "```sh"))
        XCTAssertLessThan(block, 4, "the two commands come first")
        let build = lines[block + 1], test = lines[block + 2]
        XCTAssertFalse(build.hasPrefix("sudo "), "a root container has no sudo: \(build)")
        XCTAssertTrue(build.contains("swift build -c release") && build.contains("lab run recipes/quickstart.yaml"), build)
        let ci = try String(contentsOf: Self.repository.appendingPathComponent(".ci/run"), encoding: .utf8)
        XCTAssertEqual(ci.split(separator: "\n").last.map(String.init), test, ".ci/run ends with the README's test command")
    }

    func testEveryCommandTheREADMEShowsRuns() throws {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let commands = Self.commands(in: readme)
        XCTAssertGreaterThan(commands.count, 8, "the README shows its commands in console blocks")
        let ws = try RunTestWorkspace()
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("recipes"),
                                         to: ws.root.appendingPathComponent("recipes"))
        for (index, line) in commands.enumerated() {
            let (words, comment) = Self.words(line)
            guard let program = words.first else { continue }
            guard program == "lab" else {
                XCTAssertTrue(Self.notReal.contains(program), "README command '\(line)' is neither lab nor known")
                continue
            }
            var args = Array(words.dropFirst())
            if ["run", "plan"].contains(args.first), !args.contains("--profile"),
               let recipe = args.dropFirst().first(where: { $0.hasSuffix(".yaml") }),
               let text = try? String(contentsOf: ws.root.appendingPathComponent(recipe), encoding: .utf8),
               text.contains("\n  smoke:") {
                args += ["--profile", "smoke"]
            }
            let expected = comment.hasPrefix("exit ") ? Int32(comment.dropFirst(5).prefix { $0.isNumber }) ?? 0 : 0
            let started = Date()
            let process = try ws.spawnLab(args, tag: "readme-\(index)")
            process.waitUntilExit()
            let output = ws.output("readme-\(index)")
            print("README $ lab \(args.joined(separator: " ")) → exit \(process.terminationStatus) in "
                  + String(format: "%.1f s", Date().timeIntervalSince(started)))
            XCTAssertEqual(process.terminationStatus, expected, "README command '\(line)':\n\(output)")
        }
    }
}
