import Foundation
import XCTest
import LabCore
import Ledger

/// A workspace with a ledger of two runs of a token-weighting recipe, recorded through
/// `LedgerStore` as the pipeline would:
///
///     run 1: data (ran)
///     run 2: data (cached: reuses run 1's result, recorded without metrics)
///            tokens (ran) · long-model (ran, loss curve)
///            weighted[scheme=…] × 4 (three ran with loss curves and weight histograms, longce(5) failed)
///            eval[scheme=…] × 4 (three ran with long/short accuracy, longce(5) skipped)
///
/// Variants are recorded out of grid order, as `-j 2` would finish them.
final class NotebookFixture {
    let home: URL
    let ledger: LedgerStore
    let schemes = ["uniform", "dense(0.75)", "sparse(0.25)", "longce(5)"]
    let failedScheme = "longce(5)"
    let about = "Does weighting the loss by the **long/short confidence gap** help long-range tokens?"
    private(set) var runID = 0

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("cli-notebook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        ledger = try LedgerStore(path: LedgerStore.path(inWorkspace: home))
        try recordFirstRun()
        try recordSecondRun()
    }

    func remove() { try? FileManager.default.removeItem(at: home) }

    // MARK: the numbers the steps record (distinct per scheme, not round)

    func finalLoss(_ scheme: String) -> Double { 1.0 + 0.137 * Double(index(scheme)) + 0.0123 }
    func longAccuracy(_ scheme: String) -> Double { 0.41 + 0.071 * Double(index(scheme)) }
    func shortAccuracy(_ scheme: String) -> Double { 0.88 - 0.023 * Double(index(scheme)) }
    func lossCurve(_ scheme: String) -> [SeriesPoint] {
        (0..<8).map { SeriesPoint(iteration: $0 * 10, value: 5.5 * exp(-Double($0) / (3 + Double(index(scheme)))) + finalLoss(scheme)) }
    }
    func histogramCounts(_ scheme: String) -> [Double] {
        (0..<5).map { Double(100 + 37 * $0 * (index(scheme) + 1) % 211) }
    }
    func histogramHigh(_ scheme: String) -> Double { 2.0 + Double(index(scheme)) }
    let dataSequences = 4000.0
    let failureLog = "iteration 310 loss 2.31\niteration 311 loss 9.87\niteration 312 loss nan"

    private func index(_ scheme: String) -> Int { schemes.firstIndex(of: scheme) ?? 0 }

    // MARK: recording

    private func key(_ label: String) -> String { SHA256.hex(label) }

    private func record(_ id: String, name: String? = nil, variant: [String: Value] = [:], op: String,
                        params: [String: Value] = [:], order: Int, status: StepStatus, title: String? = nil,
                        note: String? = nil, keyLabel: String? = nil, result: OperationResult? = nil,
                        files: [ArtifactFile] = [], error: String? = nil, logTail: String? = nil) throws {
        let stepKey = key(keyLabel ?? id)
        let published = status == .ran || status == .cached
        try ledger.recordStep(StepRecord(
            runID: runID, stepID: id, name: name ?? id, variant: .object(variant), op: op, opVersion: 1, key: stepKey,
            params: .object(params), title: title, note: note, order: order, status: status,
            startedAt: Date(timeIntervalSince1970: 1_741_000_000 + Double(order)), seconds: 1.25 + Double(order),
            error: error, logTail: logTail, artifactDirectory: published ? "artifacts/\(stepKey)" : nil,
            files: files, result: result))
    }

    private func start(resolved: Value) -> RunStart {
        RunStart(recipeName: "token-weighting", recipePath: "recipes/token-weighting.yaml",
                 recipeText: "lab: 1\nname: token-weighting\n", resolved: resolved, profile: "smoke",
                 overrides: ["steps": .int(200), "dim": .int(64)], command: "lab run recipes/token-weighting.yaml --profile smoke",
                 labVersion: LabVersion.string, host: "test-host", blas: "OpenBLAS test", threads: 2, jobs: 2,
                 startedAt: Date(timeIntervalSince1970: 1_741_000_000))
    }

    private func recordFirstRun() throws {
        runID = try ledger.beginRun(start(resolved: ["name": "token-weighting", "about": .string(about), "seed": 7]))
        try record("data", op: "corpus", params: ["task": "kv-recall", "sequences": 4000], order: 0, status: .ran,
                   result: OperationResult(scalars: ["sequences": dataSequences]),
                   files: [ArtifactFile(path: "train.bin", bytes: 2_048_000, sha256: key("train.bin"))])
        try ledger.finishRun(runID, status: .succeeded, finishedAt: Date(timeIntervalSince1970: 1_741_000_010))
    }

    private func recordSecondRun() throws {
        let ids = ["data", "tokens", "long-model"] + schemes.map { "weighted[scheme=\($0)]" } + schemes.map { "eval[scheme=\($0)]" }
        let resolved: Value = ["name": "token-weighting", "about": .string(about), "seed": 7,
                               "steps": .array(ids.map { ["id": .string($0)] })]
        runID = try ledger.beginRun(start(resolved: resolved))
        // Cached: recorded without metrics; the ledger shows those of the key's result (run 1).
        try record("data", op: "corpus", params: ["task": "kv-recall", "sequences": 4000], order: 0, status: .cached)
        try record("tokens", op: "tokenizer", params: ["text": StepReference.value("data"), "vocab": 512], order: 1,
                   status: .ran, result: OperationResult(scalars: ["vocab": 512]))
        try record("long-model", op: "train", params: ["data": StepReference.value("data"), "model": ["dim": 64, "layers": 4]],
                   order: 2, status: .ran, title: "Long-context model", note: "The *long* model.",
                   result: OperationResult(scalars: ["final_loss": 0.9871], series: ["loss": lossCurve("uniform")]))
        // Finished out of grid order.
        for scheme in [schemes[2], schemes[0], schemes[3], schemes[1]] {
            let id = "weighted[scheme=\(scheme)]"
            let params: [String: Value] = ["data": StepReference.value("data"),
                                           "weights": ["scheme": .string(scheme), "scores": StepReference.value("long-model")]]
            if scheme == failedScheme {
                try record(id, name: "weighted", variant: ["scheme": .string(scheme)], op: "train", params: params, order: 3,
                           status: .failed, title: "Weighted training", error: "loss became NaN at iteration 312",
                           logTail: failureLog)
                continue
            }
            let counts = histogramCounts(scheme).enumerated().map { SeriesPoint(iteration: $0.offset, value: $0.element) }
            try record(id, name: "weighted", variant: ["scheme": .string(scheme)], op: "train", params: params, order: 3,
                       status: .ran, title: "Weighted training",
                       result: OperationResult(scalars: ["final_loss": finalLoss(scheme), "weights.histogram.lo": 0,
                                                         "weights.histogram.hi": histogramHigh(scheme)],
                                               series: ["loss": lossCurve(scheme), "weights.histogram": counts]))
        }
        for scheme in schemes {
            let id = "eval[scheme=\(scheme)]"
            let params: [String: Value] = ["model": StepReference.value("weighted[scheme=\(scheme)]")]
            if scheme == failedScheme {
                try record(id, name: "eval", variant: ["scheme": .string(scheme)], op: "evaluate", params: params, order: 4,
                           status: .skipped)
                continue
            }
            try record(id, name: "eval", variant: ["scheme": .string(scheme)], op: "evaluate", params: params, order: 4,
                       status: .ran, result: OperationResult(scalars: ["long.acc": longAccuracy(scheme),
                                                                       "short.acc": shortAccuracy(scheme)]))
        }
        try ledger.finishRun(runID, status: .failed, finishedAt: Date(timeIntervalSince1970: 1_741_000_042))
    }
}
