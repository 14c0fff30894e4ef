import Foundation

/// The CPU as /proc/cpuinfo names it: vendor, model and feature flags (empty where there is no
/// /proc/cpuinfo). Here, in code built for the baseline x86-64, so that a build whose kernels
/// need AVX2 can read it and refuse politely on an older CPU (LabCLI's CPUCheck).
public struct CPUInfo: Sendable, Equatable {
    public let vendor: String
    public let model: String
    public let flags: Set<String>

    public init(vendor: String, model: String, flags: Set<String>) {
        self.vendor = vendor
        self.model = model
        self.flags = flags
    }

    /// The first processor's vendor_id, model name and flags.
    public static func read(cpuinfo: String? = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) -> CPUInfo {
        var vendor = "", model = "", flags: Set<String> = []
        for line in (cpuinfo ?? "").split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "vendor_id" where vendor.isEmpty: vendor = parts[1]
            case "model name" where model.isEmpty: model = parts[1]
            case "flags" where flags.isEmpty: flags = Set(parts[1].split(separator: " ").map(String.init))
            default: break
            }
        }
        return CPUInfo(vendor: vendor, model: model, flags: flags)
    }
}
