import Foundation
import Kernels
import LabCore

/// Gives OpenBLAS the kernels the CPU deserves before any numeric work.
///
/// OpenBLAS picks its kernel set ("core") when it loads, from `OPENBLAS_CORETYPE` or its own
/// CPU detection; an old build that does not know the CPU falls back to generic SSE kernels.
/// When numeric work is ahead (`lab bench`, or a `lab run` whose recipe has a step that
/// `usesBLAS`) `lab` then re-executes itself once with
/// `OPENBLAS_CORETYPE` set to the core matching the CPU's vector features, after a probe (a
/// child `lab` with that core) has checked sgemm against a naive product; a core that fails
/// the check, or crashes, is not used. A value the user set always wins. The outcome is
/// recorded with every run (`HostInfo.blas`).
enum BLASStartup {
    /// Set by `lab` for the process it re-executes: what was chosen and why.
    static let choiceVariable = "LAB_BLAS_CHOICE"
    /// Set for a probe child: check sgemm under its OPENBLAS_CORETYPE, print the error, exit.
    static let probeVariable = "LAB_BLAS_PROBE"
    /// Test hook: the probe's tolerance (default `BLASCore.tolerance`); 0 fails every core.
    static let toleranceVariable = "LAB_BLAS_PROBE_TOLERANCE"
    static let coreVariable = "OPENBLAS_CORETYPE"

    /// The commands whose speed always depends on the kernels (`run` decides once it has read
    /// its recipe: a cached rerun of shell steps should not pay for a second process start).
    static let computingCommands: Set<String> = ["bench"]

    /// Set by `main` only: a command run in-process (tests) must never replace its process.
    nonisolated(unsafe) static var mayReexecute = false

    /// In a probe child: the exit status (0 when sgemm agrees with the naive product).
    static func probeIfAsked() -> Int32? {
        guard ProcessInfo.processInfo.environment[probeVariable] == "1" else { return nil }
        let error = BLASCore.productError()
        print("core \(BLAS.coreName) sgemm max relative error \(error)")
        return error <= tolerance ? 0 : 1
    }

    /// Re-executes the process under a better core when OpenBLAS fell back to a generic one
    /// and `arguments` name a computing command. Returns only when nothing is re-executed.
    static func chooseCore(for arguments: [String]) {
        guard let command = commandName(arguments), computingCommands.contains(command) else { return }
        chooseCoreBeforeNumericWork()
    }

    /// Re-executes the process (same arguments) under a better core if OpenBLAS fell back to a
    /// generic one; returns when nothing is re-executed (in-process, chosen already, user's
    /// choice, nothing better, or a failed check).
    static func chooseCoreBeforeNumericWork() {
        let environment = ProcessInfo.processInfo.environment
        guard mayReexecute, environment[choiceVariable] == nil, environment[coreVariable] == nil else { return }
        let detected = BLAS.coreName
        let cpu = CPUInfo.read()
        guard let core = BLASCore.replacement(detected: detected, flags: cpu.flags, vendor: cpu.vendor) else { return }
        guard let executable = selfExecutable() else { return }
        let probe = cachedProbe(core: core, detected: detected, cpuModel: cpu.model, executable: executable)
        guard probe.passed else {
            setenv(choiceVariable, "kept OpenBLAS's \(detected): \(core) failed the sgemm check (\(probe.detail))", 1)
            return
        }
        setenv(coreVariable, core, 1)
        setenv(choiceVariable, "\(core) chosen by lab for this CPU (OpenBLAS detected \(detected); sgemm check: \(probe.detail))", 1)
        execv(executable, CommandLine.unsafeArgv)
        // Only reached when exec failed: carry on with OpenBLAS's own choice.
        unsetenv(coreVariable)
        setenv(choiceVariable, "kept OpenBLAS's \(detected): could not re-execute lab under \(core)", 1)
    }

    /// What to record beside OpenBLAS's configuration: which core runs and how it was chosen.
    static var note: String {
        let environment = ProcessInfo.processInfo.environment
        if let choice = environment[choiceVariable] { return "core \(BLAS.coreName): \(choice)" }
        if let forced = environment[coreVariable] { return "core \(BLAS.coreName): OPENBLAS_CORETYPE=\(forced) set by the user" }
        return "core \(BLAS.coreName): OpenBLAS's own choice"
    }

    // MARK: - Helpers

    static var tolerance: Double {
        ProcessInfo.processInfo.environment[toleranceVariable].flatMap(Double.init) ?? BLASCore.tolerance
    }

    /// The subcommand: the first argument that is not `--home DIR` / `--home=DIR`.
    static func commandName(_ arguments: [String]) -> String? {
        var i = 0
        while i < arguments.count {
            if arguments[i] == "--home" { i += 2; continue }
            if arguments[i].hasPrefix("--home=") { i += 1; continue }
            return arguments[i]
        }
        return nil
    }

    private static func selfExecutable() -> String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")).flatMap {
            FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil
        }
    }

    /// The probe's verdict for `core`, remembered per OpenBLAS build, CPU model, core and
    /// tolerance under ~/.cache/lab (so that only the first run on a machine pays for it).
    private static func cachedProbe(core: String, detected: String, cpuModel: String,
                                    executable: String) -> (passed: Bool, detail: String) {
        let key = SHA256.hex([BLAS.configuration, detected, cpuModel, core, String(tolerance)].joined(separator: "|"))
        let cacheDirectory = FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".cache/lab/blas-probe")
        let file = cacheDirectory.appendingPathComponent(String(key.prefix(24)))
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            let passed = text.hasPrefix("ok ")
            return (passed, String(text.dropFirst(passed ? 3 : 4)).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let verdict = runProbe(core: core, executable: executable)
        try? FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
        try? Data(((verdict.passed ? "ok " : "bad ") + verdict.detail + "\n").utf8).write(to: file, options: .atomic)
        return verdict
    }

    /// Runs `lab` as a probe child under `core`; a crash or a wrong product fails it.
    private static func runProbe(core: String, executable: String) -> (passed: Bool, detail: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = []
        var environment = ProcessInfo.processInfo.environment
        environment[probeVariable] = "1"
        environment[coreVariable] = core
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return (false, "probe did not start: \(error)") }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let line = output.split(separator: "\n").last.map(String.init) ?? ""
        let error = line.split(separator: " ").last.map(String.init) ?? "?"
        if process.terminationReason == .uncaughtSignal {
            return (false, "the probe died of signal \(process.terminationStatus)")
        }
        return (process.terminationStatus == 0, "max relative error \(error)")
    }
}
