import Foundation
import Engine
import LabCore

/// Refuses a step whose model shape and batch would need more memory than the machine has,
/// before anything is allocated (at recipe load when the shape is known, else when the step
/// starts), with a message naming the parameters that drive the estimate.
enum MemoryBudget {
    /// Overrides the machine's memory in bytes (tests; a plain integer, or with a K/M/G suffix
    /// for KiB/MiB/GiB). Documented in README.md.
    static let overrideVariable = "LAB_MEMORY_LIMIT"

    /// Physical memory, or the override.
    static var machineBytes: Int {
        if let text = ProcessInfo.processInfo.environment[overrideVariable], let bytes = parseBytes(text) { return bytes }
        return CheckedSize.clampedInt(Double(ProcessInfo.processInfo.physicalMemory)) ?? .max
    }

    static func parseBytes(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let shifts: [Character: Int] = ["K": 10, "M": 20, "G": 30, "T": 40]
        var digits = Substring(trimmed), shift = 0
        if trimmed.hasSuffix("IB") { digits = digits.dropLast(2) } else if trimmed.hasSuffix("B") { digits = digits.dropLast() }
        if let last = digits.last, let s = shifts[last] {
            shift = s
            digits = digits.dropLast()
        }
        guard let value = Int(digits), value > 0 else { return nil }
        return CheckedSize.product(value, 1 << shift)
    }

    /// What a step is, for the message: `train` with `context 4096 with batch 8`, and the
    /// parameters that lower it, the one that drives the estimate first (the error names it, so
    /// its recipe line is shown).
    struct Subject {
        let operation: String
        let description: String
        let knobs: [String]
    }

    /// Throws a bad-parameter error naming what to lower when `estimate` exceeds the machine.
    static func check(_ estimate: MemoryEstimate, _ subject: Subject) throws {
        let available = machineBytes
        guard estimate.totalBytes > available else { return }
        let parts: [(what: String, bytes: Int)] = [
            ("attention activations", estimate.attentionBytes),
            ("other activations", estimate.otherActivationBytes),
            ("parameters and optimizer state", estimate.parameterBytes),
        ]
        let largest = parts.max { $0.bytes < $1.bytes } ?? parts[0]
        let quoted = subject.knobs.map { "'\($0)'" }
        let knobs = quoted.count > 1 ? quoted.dropLast().joined(separator: ", ") + " or " + quoted[quoted.count - 1]
            : quoted.joined()
        throw OperationError.badParameter(subject.knobs.first ?? "context",
            "\(subject.operation): \(subject.description) needs \(CheckedSize.describeEstimate(estimate.totalBytes))"
            + " (\(CheckedSize.describeEstimate(largest.bytes)) of \(largest.what)); this machine has"
            + " \(CheckedSize.describeBytes(available)) — lower \(knobs)")
    }
}
