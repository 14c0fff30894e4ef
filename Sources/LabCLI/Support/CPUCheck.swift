import Foundation
import Kernels
import LabCore

/// Refuses to start on a CPU the kernels were not built for, with a message, instead of the
/// illegal-instruction crash the first AVX2 instruction would cause (any command may reach
/// Kernels or Engine code). This file is compiled for the baseline x86-64 (only Kernels and
/// Engine get `-target-cpu haswell`).
enum CPUCheck {
    /// nil when the kernels can run here; else what to tell the user.
    static func problem(_ cpu: CPUInfo) -> String? {
        let flags = cpu.flags, model = cpu.model
        guard kernelsNeedAVX2, !flags.isEmpty else { return nil }  // no /proc/cpuinfo: nothing to go on
        let missing = ["avx2", "fma"].filter { !flags.contains($0) }
        guard !missing.isEmpty else { return nil }
        return "this lab was built for CPUs with AVX2 and FMA (x86-64 from 2013 on); this CPU (\(model.isEmpty ? "unknown" : model)) "
            + "lacks \(missing.joined(separator: " and ")). Rebuild for it with: LAB_GENERIC_CPU=1 swift build -c release"
    }

    /// Test hook: a file read instead of /proc/cpuinfo (an older CPU, played by a test).
    static let cpuinfoVariable = "LAB_CPUINFO_FILE"

    /// Exits with status 1 and the message when the kernels cannot run here (`lab`'s entry point).
    static func requireKernelSupport() {
        let file = ProcessInfo.processInfo.environment[cpuinfoVariable] ?? "/proc/cpuinfo"
        guard let problem = problem(CPUInfo.read(cpuinfo: try? String(contentsOfFile: file, encoding: .utf8))) else { return }
        FileHandle.standardError.write(Data("lab: \(problem)\n".utf8))
        exit(1)
    }
}
