import Foundation
import XCTest
import LabCore
@testable import Ledger

/// A fresh temporary directory per test, removed afterwards.
class LedgerTestCase: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    var ledgerPath: String { directory.appendingPathComponent("experiments/ledger.sqlite").path }

    func makeStore() throws -> LedgerStore { try LedgerStore(path: ledgerPath) }

    func runStart(recipe: String = "demo", profile: String? = nil, overrides: [String: Value] = [:],
                  threads: Int = 2) -> RunStart {
        RunStart(recipeName: recipe, recipePath: "recipes/\(recipe).yaml", recipeText: "name: \(recipe)\n",
                 resolved: ["name": .string(recipe)], profile: profile, overrides: overrides,
                 command: "lab run recipes/\(recipe).yaml", labVersion: LabVersion.string, host: "test-host",
                 blas: "OpenBLAS test", threads: threads, jobs: 1, startedAt: Date(timeIntervalSince1970: 1_700_000_000))
    }

    /// A key that looks like a real one (64 hex digits) derived from a label.
    func key(_ label: String) -> String { SHA256.hex(Array(label.utf8)) }

    func step(run: Int, id: String, name: String? = nil, variant: Value = .object([:]), params: Value = .object([:]),
              status: StepStatus = .ran, key k: String? = nil, order: Int = 0,
              scalars: [String: Double] = [:], series: [String: [SeriesPoint]] = [:],
              files: [ArtifactFile] = [], error: String? = nil) -> StepRecord {
        let stepKey = k ?? key(id)
        let published = status == .ran || status == .cached
        return StepRecord(runID: run, stepID: id, name: name ?? id, variant: variant, op: "shell", opVersion: 1,
                          key: stepKey, params: params, title: nil, note: nil, order: order, status: status,
                          startedAt: Date(timeIntervalSince1970: 1_700_000_010), seconds: 1.5, error: error,
                          logTail: error == nil ? nil : "last line", artifactDirectory: published ? "artifacts/\(stepKey)" : nil,
                          files: published ? files : [],
                          result: published ? OperationResult(scalars: scalars, series: series) : (scalars.isEmpty ? nil : OperationResult(scalars: scalars)))
    }
}
