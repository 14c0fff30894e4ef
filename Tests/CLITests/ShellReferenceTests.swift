import Foundation
import XCTest
import LabCore
@testable import LabCLI

/// References inside a shell step's `run` reach the command as environment variables, never as
/// command text: no parameter, sweep value or step output can inject shell syntax.
final class ShellReferenceTests: XCTestCase {
    let splice = """
    lab: 1
    name: splice
    params: {s: hello}
    steps:
      a: {op: shell, with: {run: "echo ${s} > out.txt"}}

    """

    func artifactText(_ ws: RunTestWorkspace, _ name: String) throws -> String {
        let folders = ws.artifacts()
        XCTAssertEqual(folders.count, 1, "\(folders)")
        return try String(contentsOfFile: ws.root.path + "/artifacts/\(folders[0])/\(name)", encoding: .utf8)
    }

    func testAParameterInRunIsPassedLiterallyNotExecuted() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("r.yaml", splice)
        let run = ws.lab("run", recipe, "--set", "s=x; touch pwned")
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertEqual(try artifactText(ws, "out.txt"), "x; touch pwned\n")
        XCTAssertEqual(ws.artifacts().filter { FileManager.default.fileExists(atPath: ws.root.path + "/artifacts/\($0)/pwned") }, [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.root.path + "/pwned"))
    }

    func testASweepValueInRunIsPassedLiterallyNotExecuted() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("r.yaml", """
        lab: 1
        name: splice
        steps:
          a:
            op: shell
            sweep: {k: ["$(touch pwned)"]}
            with: {run: "echo ${sweep.k} > out.txt; echo \\"[${sweep.k}]\\" >> out.txt"}

        """)
        let run = ws.lab("run", recipe)
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertEqual(try artifactText(ws, "out.txt"), "$(touch pwned)\n[$(touch pwned)]\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.root.path + "/artifacts/\(ws.artifacts()[0])/pwned"))
    }

    func testAStepReferenceInRunBecomesItsArtifactFolder() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("r.yaml", """
        lab: 1
        name: chain
        steps:
          first-step: {op: shell, with: {run: "echo one > a.txt"}}
          b: {op: shell, with: {run: "cat ${steps.first-step}/a.txt > b.txt"}}

        """)
        let run = ws.lab("run", recipe)
        XCTAssertEqual(run.code, 0, run.out + run.err)
        let b = ws.artifacts().first { FileManager.default.fileExists(atPath: ws.root.path + "/artifacts/\($0)/b.txt") }
        XCTAssertEqual(try String(contentsOfFile: ws.root.path + "/artifacts/\(b ?? "")/b.txt", encoding: .utf8), "one\n")
    }

    func testAReferenceInsideSingleQuotesIsRefusedWithTheEnvForm() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("r.yaml", """
        lab: 1
        name: quoted
        params: {s: hello}
        steps:
          a:
            op: shell
            with:
              run: "echo '${s}' > out.txt"

        """)
        let plan = ws.lab("plan", recipe)
        XCTAssertEqual(plan.code, 65, plan.out + plan.err)
        XCTAssertTrue(plan.err.contains("r.yaml:8:"), plan.err)
        XCTAssertTrue(plan.err.contains("'${s}' is inside single quotes in 'run'"), plan.err)
        XCTAssertTrue(plan.err.contains("env: {S: \"${s}\"}"), plan.err)
        XCTAssertEqual(ws.artifacts(), [])
    }

    func testReferencesInsideDoubleQuotesAndListsReadAsText() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("r.yaml", """
        lab: 1
        name: quoted
        params: {s: "a  b", my-list: [1, 2], n: 3}
        steps:
          a:
            op: shell
            with:
              run: printf '[%s]' "<${s}>" ${my-list} x${n}y > out.txt

        """)
        let run = ws.lab("run", recipe)
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertEqual(try artifactText(ws, "out.txt"), "[<a  b>][[1,2]][x3y]")
        // The rewritten command and its variables are what the run records (and keys).
        let show = ws.lab("show", "last", "--json")
        let params = try Value.parseJSON(show.out).objectValue?["steps"]?.arrayValue?.first?.objectValue?["params"]?.objectValue
        XCTAssertEqual(params?["run"], .string("printf '[%s]' \"<${LAB_P_s}>\" \"${LAB_P_my_list}\" x\"${LAB_P_n}\"y > out.txt"))
        XCTAssertEqual(params?["env"], .object(["LAB_P_s": "a  b", "LAB_P_my_list": "[1,2]", "LAB_P_n": 3]))
    }

    func testReferencesTheShellWouldNotExpandOrThatCollideAreRefused() throws {
        let ws = try RunTestWorkspace()
        let cases: [(String, String)] = [
            ("run: echo \\${s}", "'${s}' follows a backslash in 'run'"),
            ("run: \"echo 'it is ${a-b}'\"", "env: {A_B: \"${a-b}\"} and write \"$A_B\" in 'run'"),
            ("run: echo ${a-b} ${a_b}", "'${a-b}' and '${a_b}' in 'run' would both become $LAB_P_a_b; rename one"),
            ("{run: \"echo ${s}\", env: {LAB_P_s: x}}", "'env.LAB_P_s' is set by lab from a reference in the command"),
        ]
        for (with, message) in cases {
            let recipe = try ws.write("r.yaml", "lab: 1\nname: bad\nparams: {s: x, a-b: 1, a_b: 2}\nsteps:\n  a:\n    op: shell\n    with:\n      \(with)\n"
                .replacingOccurrences(of: "with:\n      {", with: "with: {"))
            let plan = ws.lab("plan", recipe)
            XCTAssertEqual(plan.code, 65, with + plan.out + plan.err)
            XCTAssertTrue(plan.err.contains(message), with + ": " + plan.err)
        }
    }

    func testAnApostropheInACommentOpensNoQuote() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("r.yaml", "lab: 1\nname: c\nparams: {s: hi}\nsteps:\n  a:\n    op: shell\n    with:\n"
                                  + "      run: |\n        # don't splice\n        echo ${s}'!' > out.txt # it's fine\n")
        let run = ws.lab("run", recipe)
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertEqual(try artifactText(ws, "out.txt"), "hi!\n")
    }
}
