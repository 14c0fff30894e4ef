import Foundation
import Kernels

/// The machine context recorded with every run.
enum HostInfo {
    static var hostName: String { ProcessInfo.processInfo.hostName }

    static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The BLAS configuration as OpenBLAS reports it (version, build options, core kind), and
    /// which kernel set runs and how it was chosen (see `BLASStartup`).
    static var blas: String { "\(BLAS.configuration); \(BLASStartup.note)" }
}

extension HostInfo {
    /// The CPU's model name (`/proc/cpuinfo`), or "unknown".
    static var cpu: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") { return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        return "unknown"
    }

    /// This machine's CPU when `host` is this machine (a run exported where it ran), else "unknown".
    static func cpu(ifHost host: String) -> String { host == hostName ? cpu : "unknown" }
}
