import Foundation
import LabCore
import Pipeline

/// How a rerun of an exported experiment compares with its lock, step by step: the key, every
/// output file (bitwise, by SHA-256) and every metric (equal, or the largest relative difference
/// between its numbers).
struct ReproductionReport {
    struct StepFinding {
        var id: String
        var keyEqual: Bool
        /// Files whose SHA-256 differs, or that only one side has.
        var differingFiles: [String]
        var fileCount: Int
        /// Metric → largest relative difference (0 when equal; infinity when not comparable).
        var metricDifferences: [String: Double]
        /// Metrics the operation declares `measuresTime` (wall time, throughput): shown, never
        /// counted as a difference.
        var timings: [String] = []
        /// The step did not run to the end (failed, skipped, cancelled), or is not in the rerun.
        var problem: String?

        var isBitwiseEqual: Bool {
            problem == nil && keyEqual && differingFiles.isEmpty && metricDifferences.values.allSatisfy { $0 == 0 }
        }
    }

    var steps: [StepFinding]

    init(lock: ExportLock, rerun: [StepOutcome], operations: [String: any LabCore.Operation] = BuiltinOperations.byName) {
        let byID = Dictionary(rerun.map { ($0.stepID, $0) }, uniquingKeysWith: { a, _ in a })
        steps = lock.steps.map { locked in
            guard let outcome = byID[locked.id] else {
                return StepFinding(id: locked.id, keyEqual: false, differingFiles: [], fileCount: locked.files.count,
                                   metricDifferences: [:], problem: "not in the rerun")
            }
            let problem = outcome.status == .ran || outcome.status == .cached
                ? nil : "\(outcome.status.rawValue)" + (outcome.error.map { ": " + $0 } ?? "")
            let mine = Dictionary(outcome.files.filter { !Self.isLog($0.path) }.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
            let theirs = Dictionary(locked.files.filter { !Self.isLog($0.path) }.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
            let differing = problem != nil ? [] : Set(mine.keys).union(theirs.keys).sorted().filter { mine[$0] != theirs[$0] }
            var metrics = problem != nil ? [:] : Self.metricDifferences(locked.metrics, outcome.result ?? OperationResult())
            let declared = operations[locked.op]?.metrics ?? []
            let timings = metrics.keys.filter { name in
                let bare = name.split(separator: " ", maxSplits: 1).last.map(String.init) ?? name
                return declared.declaration(for: bare)?.measuresTime == true
            }.sorted()
            for name in timings { metrics[name] = nil }
            return StepFinding(id: locked.id, keyEqual: outcome.key == locked.key, differingFiles: differing,
                               fileCount: theirs.count, metricDifferences: metrics, timings: timings, problem: problem)
        }
    }

    var isBitwiseEqual: Bool { steps.allSatisfy(\.isBitwiseEqual) }

    /// The step's log as lab keeps it in the artifact: it holds times, so it is hashed in the
    /// lock but never compared.
    static func isLog(_ path: String) -> Bool { path == "log.txt" || path == "lab-log.txt" }

    /// One line per step: `equal   train   key ✓ · 3 files bitwise equal · 4 metrics equal`.
    func lines() -> [String] {
        let width = min(40, (steps.map(\.id.count).max() ?? 8) + 2)
        return steps.map { step in
            let head = (step.isBitwiseEqual ? "equal   " : "DIFFERS ") + step.id.padding(toLength: max(width, step.id.count + 1), withPad: " ", startingAt: 0)
            if let problem = step.problem { return head + problem }
            var parts = [step.keyEqual ? "key equal" : "KEY DIFFERS"]
            if step.differingFiles.isEmpty {
                parts.append("\(step.fileCount) file\(step.fileCount == 1 ? "" : "s") bitwise equal")
            } else {
                let shown = step.differingFiles.prefix(5).joined(separator: ", ")
                parts.append("files differ: " + shown + (step.differingFiles.count > 5 ? " and \(step.differingFiles.count - 5) more" : ""))
            }
            let differing = step.metricDifferences.filter { $0.value != 0 }.sorted { $0.key < $1.key }
            if step.metricDifferences.isEmpty {
                parts.append("no metrics")
            } else if differing.isEmpty {
                parts.append("\(step.metricDifferences.count) metric\(step.metricDifferences.count == 1 ? "" : "s") equal")
            } else {
                parts.append(differing.map { "\($0.key) " + Self.describe($0.value) }.joined(separator: ", "))
            }
            if !step.timings.isEmpty { parts.append("timings not compared (\(step.timings.joined(separator: ", ")))") }
            return head + parts.joined(separator: " · ")
        }
    }

    /// The summary line.
    var summary: String {
        let files = steps.reduce(0) { $0 + $1.fileCount }
        let metrics = steps.reduce(0) { $0 + $1.metricDifferences.count }
        if isBitwiseEqual {
            return "reproduced: \(steps.count) steps bitwise equal (keys, \(files) files, \(metrics) metrics)"
        }
        let differing = steps.filter { !$0.isBitwiseEqual }
        let worst = steps.flatMap { $0.metricDifferences.values }.filter { $0 != 0 }.max()
        return "NOT reproduced: \(differing.count) of \(steps.count) steps differ (first: \(differing[0].id))"
            + (worst.map { "; largest relative metric difference " + ($0.isFinite ? String(format: "%.3g", $0) : "not comparable") } ?? "")
    }

    /// Every metric that differs anywhere, with its largest relative difference over all steps,
    /// largest first: `loss 1.2e-05`.
    func metricLines() -> [String] {
        var largest: [String: Double] = [:]
        for step in steps {
            for (name, difference) in step.metricDifferences where difference != 0 {
                largest[name] = max(largest[name] ?? 0, difference)
            }
        }
        guard !largest.isEmpty else { return [] }
        let width = min(40, (largest.keys.map(\.count).max() ?? 8) + 2)
        return ["largest relative difference per metric, over all steps:"]
            + largest.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { name, difference in
                "  " + name.padding(toLength: max(width, name.count + 1), withPad: " ", startingAt: 0)
                    + (difference.isFinite ? String(format: "%.3g", difference) : "not comparable")
            }
    }

    static func describe(_ difference: Double) -> String {
        difference.isFinite ? "differs by " + String(format: "%.3g", difference) + " (relative)" : "differs (not comparable)"
    }

    /// Per metric (scalars by name, `series NAME`, `matrix NAME`, `records NAME`), the largest
    /// relative difference of its numbers: |a − b| / max(|a|, |b|); 0 when bitwise equal,
    /// infinity when the shapes differ.
    static func metricDifferences(_ a: OperationResult, _ b: OperationResult) -> [String: Double] {
        var result: [String: Double] = [:]
        let left = a.value, right = b.value
        for (kind, prefix) in [("scalars", ""), ("series", "series "), ("matrices", "matrix "), ("records", "records ")] {
            let l = left[kind].objectValue ?? [:], r = right[kind].objectValue ?? [:]
            // An empty set of records is not kept by the ledger: absent and empty are the same.
            let absent: Value? = kind == "records" ? .array([]) : nil
            for name in Set(l.keys).union(r.keys) {
                guard let x = l[name] ?? absent, let y = r[name] ?? absent else { result[prefix + name] = .infinity; continue }
                result[prefix + name] = difference(x, y)
            }
        }
        return result
    }

    static func difference(_ a: Value, _ b: Value) -> Double {
        switch (a, b) {
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return .infinity }
            return zip(x, y).map { difference($0, $1) }.max() ?? 0
        case (.object(let x), .object(let y)):
            guard Set(x.keys) == Set(y.keys) else { return .infinity }
            return x.keys.map { difference(x[$0]!, y[$0]!) }.max() ?? 0
        case (.null, .null):
            return 0
        default:
            if let x = number(a), let y = number(b) {
                if x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN) { return 0 }
                let scale = max(abs(x), abs(y))
                return scale.isFinite && scale > 0 ? abs(x - y) / scale : .infinity
            }
            return a == b ? 0 : .infinity
        }
    }

    private static func number(_ v: Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}
