import Foundation
import XCTest
@testable import LabCLI

/// Issue 2's list of recipe mistakes, end to end: each is one clear `file:line:column` error,
/// exit 65, and leaves nothing in `artifacts/` and no ledger.
final class RecipeErrorExitTests: XCTestCase {
    struct Case {
        let name: String
        let recipe: String
        var sets: [String] = []
        let location: String      // expected "bad.yaml:L:C"
        let message: String       // a piece of the expected message
    }

    let cases: [Case] = [
        Case(name: "malformed YAML", recipe: "lab: 1\nname: x\nsteps:\n  a: {op: shell, with: {run: [}\n",
             location: "bad.yaml:4:31", message: "did not find expected node content"),
        Case(name: "unknown top-level key", recipe: "lab: 1\nname: x\nstpes:\n  a: {op: shell, with: {run: 'true'}}\n",
             location: "bad.yaml:3:1", message: "did you mean 'steps'?"),
        Case(name: "wrong type", recipe: "lab: 1\nname: x\nsteps:\n  a:\n    op: shell\n    with: {run: 'true', timeout: soon}\n",
             location: "bad.yaml:6:", message: "timeout"),
        Case(name: "missing step reference",
             recipe: "lab: 1\nname: x\nsteps:\n  a:\n    op: shell\n    with: {run: 'true', env: {D: \"${steps.dta}\"}}\n",
             location: "bad.yaml:6:", message: "dta"),
        Case(name: "cycle",
             recipe: """
             lab: 1
             name: x
             steps:
               a:
                 op: shell
                 with: {run: 'true', env: {B: "${steps.b}"}}
               b:
                 op: shell
                 with: {run: 'true', env: {A: "${steps.a}"}}

             """,
             location: "bad.yaml:6:", message: "cycle: a → b → a"),
        Case(name: "unknown operation", recipe: "lab: 1\nname: x\nsteps:\n  a:\n    op: shel\n",
             location: "bad.yaml:5:9", message: "did you mean 'shell'?"),
        Case(name: "bad --set type", recipe: "lab: 1\nname: x\nparams:\n  n: 3\nsteps:\n  a: {op: shell, with: {run: 'true'}}\n",
             sets: ["n=abc"], location: "bad.yaml:4:", message: "n=abc"),
        Case(name: "unknown --set name", recipe: "lab: 1\nname: x\nparams:\n  count: 3\nsteps:\n  a: {op: shell, with: {run: 'true'}}\n",
             sets: ["cuont=4"], location: "bad.yaml:", message: "did you mean 'count'?"),
    ]

    func testEachRecipeMistakeExits65WithItsLocationAndWritesNothing() throws {
        for c in cases {
            let ws = try RunTestWorkspace()
            let path = try ws.write("bad.yaml", c.recipe)
            let result = ws.lab(["run", path] + c.sets.flatMap { ["--set", $0] })
            XCTAssertEqual(result.code, 65, "\(c.name): \(result.err)")
            XCTAssertTrue(result.err.contains(c.location), "\(c.name): expected \(c.location) in \(result.err)")
            XCTAssertTrue(result.err.contains(c.message), "\(c.name): expected '\(c.message)' in \(result.err)")
            XCTAssertEqual(result.err.split(separator: "\n").count, 1, "\(c.name): one line, got \(result.err)")
            XCTAssertEqual(ws.artifacts(), [], c.name)
            XCTAssertFalse(FileManager.default.fileExists(atPath: ws.root.path + "/experiments/ledger.sqlite"), c.name)
            print("\(c.name): \(result.err.trimmingCharacters(in: .newlines))")
        }
    }
}

extension RunTestWorkspace {
    func lab(_ args: [String]) -> (code: Int32, out: String, err: String) {
        let out = TextOutput(nil), err = TextOutput(nil)
        let code = LabCommand.run(["--home", root.path] + args, output: out, errors: err)
        return (code, out.buffer, err.buffer)
    }
}
