import XCTest
import Kernels
import LabCore
@testable import LabCLI

/// `lab` re-executes itself under the OpenBLAS core matching the CPU when OpenBLAS falls back
/// to a generic one, after checking sgemm under it; the user's OPENBLAS_CORETYPE wins.
final class BLASStartupTests: XCTestCase {
    /// The built binary, with the BLAS choice variables of this process cleared first.
    func lab(_ args: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        var env: [String: String?] = [:]
        for key in [BLASStartup.coreVariable, BLASStartup.choiceVariable, BLASStartup.toleranceVariable] { env[key] = .some(nil) }
        for (key, value) in environment { env[key] = value }
        return try RunTestWorkspace.runBinary(args, environment: env)
    }

    /// The core the child ends up with, from `lab bench blas`'s "kernels" line.
    func coreLine(_ output: String) -> String {
        output.split(separator: "\n").first { $0.hasPrefix("kernels ") }.map(String.init) ?? "(no core line in: \(output))"
    }

    /// A build whose kernels use AVX2 refuses, by message, a CPU without it (not a SIGILL).
    func testAnAVX2BuildRefusesACPUWithoutAVX2ByMessage() {
        let old = CPUInfo(vendor: "GenuineIntel", model: "Intel Core2 Duo", flags: ["sse2", "ssse3", "avx"])
        let modern = CPUInfo(vendor: "AuthenticAMD", model: "AMD EPYC", flags: ["sse2", "avx", "avx2", "fma"])
        XCTAssertNil(CPUCheck.problem(modern))
        XCTAssertNil(CPUCheck.problem(CPUInfo(vendor: "", model: "", flags: [])), "no /proc/cpuinfo: no verdict")
        if kernelsNeedAVX2 {
            let message = try? XCTUnwrap(CPUCheck.problem(old))
            XCTAssertEqual(message, "this lab was built for CPUs with AVX2 and FMA (x86-64 from 2013 on); this CPU (Intel Core2 Duo) "
                           + "lacks avx2 and fma. Rebuild for it with: LAB_GENERIC_CPU=1 swift build -c release")
        } else {
            XCTAssertNil(CPUCheck.problem(old), "a baseline build runs anywhere")
        }
    }

    /// The same, end to end: `lab` stops at its entry, before any command, with exit status 1.
    func testLabRefusesToStartOnACPUWithoutAVX2() throws {
        guard kernelsNeedAVX2 else { throw XCTSkip("this build's kernels are the x86-64 baseline (LAB_GENERIC_CPU or not x86-64)") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cpuinfo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let old = dir.appendingPathComponent("old"), modern = dir.appendingPathComponent("modern")
        try "vendor_id\t: GenuineIntel\nmodel name\t: Intel Core2 Duo\nflags\t\t: fpu sse2 ssse3\n".write(to: old, atomically: true, encoding: .utf8)
        try "vendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse2 avx avx2 fma\n".write(to: modern, atomically: true, encoding: .utf8)
        let refused = try lab(["--help"], environment: [CPUCheck.cpuinfoVariable: old.path])
        XCTAssertEqual(refused.status, 1, refused.output)
        XCTAssertTrue(refused.output.hasPrefix("lab: this lab was built for CPUs with AVX2 and FMA"), refused.output)
        XCTAssertTrue(refused.output.contains("LAB_GENERIC_CPU=1 swift build -c release"), refused.output)
        let started = try lab(["--help"], environment: [CPUCheck.cpuinfoVariable: modern.path])
        XCTAssertEqual(started.status, 0, started.output)
    }

    func testChoosesTheMatchingCoreAndChecksIt() throws {
        let (status, output) = try lab(["bench", "blas", "--check-only"])
        print(output)
        XCTAssertEqual(status, 0)
        XCTAssertTrue(output.contains(": passed"), output)
        let cpu = CPUInfo.read()
        // What OpenBLAS picks on its own, seen from a process that lab did not re-execute.
        let own = try lab(["bench", "blas", "--check-only"], environment: [BLASStartup.choiceVariable: "test: none"])
        // "kernels    core Prescott: test: none"
        let ownCore = coreLine(own.output).split(separator: " ").dropFirst(2).first.map { String($0.dropLast()) } ?? ""
        if let expected = BLASCore.replacement(detected: ownCore, flags: cpu.flags, vendor: cpu.vendor) {
            XCTAssertTrue(coreLine(output).hasPrefix("kernels    core \(expected): \(expected) chosen by lab"), coreLine(output))
        } else {
            XCTAssertTrue(coreLine(output).contains("OpenBLAS's own choice"), "nothing to replace here: \(coreLine(output))")
        }
    }

    func testUserSettingWins() throws {
        let (status, output) = try lab(["bench", "blas", "--check-only"], environment: [BLASStartup.coreVariable: "Prescott"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(coreLine(output).contains("core Prescott: OPENBLAS_CORETYPE=Prescott set by the user"), coreLine(output))
    }

    func testFailedCheckKeepsOpenBLASsChoice() throws {
        // A tolerance of 0 fails every core (Float products round), as a broken kernel set would.
        let (status, output) = try lab(["bench", "blas", "--check-only"], environment: [BLASStartup.toleranceVariable: "0"])
        XCTAssertEqual(status, 0)
        let line = coreLine(output)
        let cpu = CPUInfo.read()
        let own = try lab(["bench", "blas", "--check-only"], environment: [BLASStartup.choiceVariable: "test: none"])
        let ownCore = coreLine(own.output).split(separator: " ").dropFirst(2).first.map { String($0.dropLast()) } ?? ""
        if let candidate = BLASCore.replacement(detected: ownCore, flags: cpu.flags, vendor: cpu.vendor) {
            XCTAssertTrue(line.contains("core \(ownCore): kept OpenBLAS's \(ownCore): \(candidate) failed the sgemm check"), line)
        } else {
            XCTAssertTrue(line.contains("OpenBLAS's own choice"), "OpenBLAS recognised this CPU: nothing is checked: \(line)")
        }
    }

    func testCommandName() {
        XCTAssertEqual(BLASStartup.commandName(["--home", "x", "run", "r.yaml"]), "run")
        XCTAssertEqual(BLASStartup.commandName(["--home=x", "bench"]), "bench")
        XCTAssertNil(BLASStartup.commandName(["--home", "x"]))
    }
}

/// `lab run` re-executes under the matching core only when its recipe does matrix products: a
/// rerun of shell steps does not pay for a second process start.
final class RunBLASChoiceTests: XCTestCase {
    func recordedBLAS(_ recipe: String) throws -> String {
        let ws = try RunTestWorkspace()
        let path = try ws.write("r.yaml", recipe)
        let process = try ws.spawnLab(["run", path], tag: "run")
        process.waitUntilExit()
        let show = ws.lab("show", "last", "--json")
        XCTAssertEqual(show.code, 0, ws.output("run") + show.err)
        return try Value.parseJSON(show.out)["blas"].stringValue ?? ""
    }

    func testOnlyRecipesWithModelsReexecute() throws {
        let shellOnly = try recordedBLAS("lab: 1\nname: s\nsteps:\n  a: {op: shell, with: {run: 'true'}}\n")
        XCTAssertFalse(shellOnly.contains("chosen by lab"), shellOnly)
        // An evaluate step (it fails at once: its input is no model) still means matrix products ahead.
        let withModel = try recordedBLAS("""
            lab: 1
            name: m
            steps:
              fake: {op: shell, with: {run: 'true'}}
              e: {op: evaluate, with: {model: "${steps.fake}", data: "${steps.fake}"}}
            """)
        let cpu = CPUInfo.read()
        let own = BLAS.coreName   // this test process is never re-executed: OpenBLAS's own choice
        if let forced = ProcessInfo.processInfo.environment[BLASStartup.coreVariable] {
            XCTAssertTrue(withModel.contains("OPENBLAS_CORETYPE=\(forced) set by the user"), withModel)
        } else if let core = BLASCore.replacement(detected: own, flags: cpu.flags, vendor: cpu.vendor) {
            XCTAssertTrue(withModel.contains("core \(core): \(core) chosen by lab"), withModel)
        } else {
            XCTAssertTrue(withModel.contains("OpenBLAS's own choice"), withModel)
        }
    }
}
