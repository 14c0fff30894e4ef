import Foundation
import LabCore
import XCTest

/// The Slurm cluster the Slurm tests run against (CI's, or `scripts/slurm-dev.sh`'s): a test
/// is skipped, with the reason printed, only when Slurm is not installed; an installed Slurm
/// whose node is not up fails the test.
enum SlurmCluster {
    static func require() throws {
        let installed = ["sbatch", "squeue", "scancel", "sinfo"].allSatisfy { program in
            (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
                .contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
        }
        guard installed else {
            let reason = "Slurm is not installed (no sbatch/squeue/sinfo on the PATH): run scripts/slurm-dev.sh"
            print("SKIPPED Slurm test: \(reason)")
            throw XCTSkip(reason)
        }
        let state = run("sinfo", ["-h", "-o", "%t"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        guard ["idle", "mix", "alloc"].contains(where: { state.contains($0) }) else {
            XCTFail("Slurm is installed but no node is up (sinfo: '\(state)'): run scripts/slurm-dev.sh")
            throw XCTSkip("no Slurm node up")
        }
    }

    /// A command's exit status and output (arguments as a vector).
    @discardableResult
    static func run(_ program: String, _ arguments: [String]) -> (status: Int32, out: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        guard (try? process.run()) != nil else { return (-1, "") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Ids of the jobs Slurm lists as pending or running whose name starts with `prefix`.
    static func liveJobs(named prefix: String) -> [String] {
        run("squeue", ["-h", "-o", "%i|%j"]).out.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "|", maxSplits: 1)
            return parts.count == 2 && parts[1].hasPrefix(prefix) ? String(parts[0]) : nil
        }
    }
}

extension RunTestWorkspace {
    /// Starts the built `lab --home ROOT ARGS…` with a fast Slurm poll; output to `<tag>.out`.
    func spawnSlurmLab(_ args: [String], tag: String) throws -> Process {
        let process = Process()
        process.executableURL = try RunTestWorkspace.labBinary()
        process.arguments = ["--home", root.path] + args
        process.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        environment["LAB_SLURM_POLL_INTERVAL"] = "0.3"
        process.environment = environment
        _ = FileManager.default.createFile(atPath: root.path + "/\(tag).out", contents: nil)
        let handle = try FileHandle(forWritingTo: root.appendingPathComponent("\(tag).out"))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Runs the built lab to its end (a Slurm run must be its own process: the jobs run the binary).
    func slurmLab(_ args: String..., tag: String) throws -> (code: Int32, out: String) {
        let process = try spawnSlurmLab(args, tag: tag)
        process.waitUntilExit()
        return (process.terminationStatus, output(tag))
    }

    /// Every published artifact file but `lab-step.json` (which holds times), path → SHA-256.
    func artifactHashes() throws -> [String: String] {
        var hashes: [String: String] = [:]
        for key in artifacts() {
            let dir = root.appendingPathComponent("artifacts/\(key)")
            guard let walker = FileManager.default.enumerator(atPath: dir.path) else { continue }
            while let path = walker.nextObject() as? String {
                var isDir: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: dir.path + "/" + path, isDirectory: &isDir)
                guard !isDir.boolValue, path != "lab-step.json" else { continue }
                hashes[key + "/" + path] = try LabCore.SHA256.hex(fileAt: dir.appendingPathComponent(path))
            }
        }
        return hashes
    }
}
