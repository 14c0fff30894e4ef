import Foundation
import LabCore

/// Slurm's own commands (`sbatch`, `squeue`, `scancel`), each run with an argument vector:
/// nothing is ever handed to a shell.
public struct SlurmClient: Sendable {
    public init() {}

    /// Whether `sbatch` and `squeue` are on the PATH.
    public static var isInstalled: Bool { find("sbatch") != nil && find("squeue") != nil }

    /// Submits a batch script; returns the job id (`sbatch --parsable` prints `id` or `id;cluster`).
    public func submit(_ arguments: [String]) throws(PipelineError) -> String {
        let r = try Self.call("sbatch", ["--parsable"] + arguments)
        let id = r.out.split(separator: "\n").first.map { String($0.split(separator: ";")[0]) } ?? ""
        guard r.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw .slurm("sbatch failed (status \(r.status)): " + Self.firstLines(r.err.isEmpty ? r.out : r.err))
        }
        return id
    }

    /// The state of each job Slurm still knows (`RUNNING`, `COMPLETED`, `TIMEOUT`, …), by id;
    /// a job it has forgotten is absent.
    public func states(_ ids: [String]) throws(PipelineError) -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        let r = try Self.call("squeue", ["-h", "-t", "all", "-o", "%i|%T", "-j", ids.joined(separator: ",")])
        // With a single id that Slurm has forgotten, squeue fails with "Invalid job id specified".
        if r.status != 0 {
            if r.err.contains("Invalid job id") { return [:] }
            throw .slurm("squeue failed (status \(r.status)): " + Self.firstLines(r.err))
        }
        var states: [String: String] = [:]
        for line in r.out.split(separator: "\n") {
            let parts = line.split(separator: "|")
            if parts.count == 2 { states[String(parts[0])] = String(parts[1]) }
        }
        return states
    }

    /// Asks Slurm to cancel the jobs (their steps get SIGTERM, then SIGKILL after KillWait).
    public func cancel(_ ids: [String]) {
        guard !ids.isEmpty else { return }
        _ = try? Self.call("scancel", ids)
    }

    /// States after which a job no longer runs.
    static let ended: Set<String> = ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL",
                                     "PREEMPTED", "BOOT_FAIL", "DEADLINE", "SPECIAL_EXIT", "REVOKED"]

    static func find(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = dir + "/" + program
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func firstLines(_ text: String) -> String {
        text.split(separator: "\n").prefix(3).joined(separator: " / ").trimmingCharacters(in: .whitespaces)
    }

    /// Runs `program` with `arguments` (no shell); its output is small (ids, states).
    static func call(_ program: String, _ arguments: [String]) throws(PipelineError) -> (status: Int32, out: String, err: String) {
        guard let executable = find(program) else { throw .slurm("\(program) not found on the PATH: is Slurm installed?") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw .slurm("cannot run \(program): \(PipelineError.reason(error))") }
        // stderr on a thread of its own, so neither pipe can fill up while the other is read.
        let errData = ErrorData()
        let reader = Thread { errData.data = err.fileHandleForReading.readDataToEndOfFile(); errData.done.signal() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errData.done.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData.data, as: UTF8.self))
    }

    private final class ErrorData: @unchecked Sendable {
        var data = Data()
        let done = DispatchSemaphore(value: 0)
    }
}
