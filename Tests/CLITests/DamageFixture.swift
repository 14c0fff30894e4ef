import Foundation
import XCTest
@testable import LabCLI
#if canImport(Glibc)
import Glibc
#endif

/// A two-step workspace to damage: `a` writes `out.txt` ("hello"), `b` copies it and appends
/// the parameter `suffix`.
enum DamageFixture {
    static let recipe = """
    lab: 1
    name: damage
    params: {suffix: "1"}
    steps:
      a:
        op: shell
        with: {run: 'printf hello > out.txt'}
      b:
        op: shell
        with: {run: 'cat "$A/out.txt" > b.txt; printf "%s" "$S" >> b.txt', env: {A: "${steps.a}", S: "${suffix}"}}

    """

    /// A workspace after one clean run, with the recipe's path and the folders of `a` and `b`.
    static func published() throws -> (ws: RunTestWorkspace, path: String, a: String, b: String) {
        let ws = try RunTestWorkspace()
        let path = try ws.write("damage.yaml", recipe)
        let first = ws.lab("run", path)
        XCTAssertEqual(first.code, 0, first.out + first.err)
        return (ws, path, try folder(ws, containing: "out.txt"), try folder(ws, containing: "b.txt"))
    }

    static func folder(_ ws: RunTestWorkspace, containing file: String) throws -> String {
        let found = ws.artifacts().filter { FileManager.default.fileExists(atPath: "\(ws.root.path)/artifacts/\($0)/\(file)") }
        XCTAssertEqual(found.count, 1)
        return try XCTUnwrap(found.first)
    }

    /// The entries of `artifacts/.damaged/`.
    static func damaged(_ ws: RunTestWorkspace) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: ws.root.path + "/artifacts/.damaged")) ?? []).sorted()
    }

    static func timestamp(_ path: String) -> timespec {
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        return info.st_mtim
    }

    static func setTimestamp(_ path: String, _ time: timespec) {
        var times = [time, time]
        XCTAssertEqual(utimensat(AT_FDCWD, path, &times, 0), 0)
    }

}
