import Foundation
import LabCore
@testable import LabCLI
import Ledger
import Pipeline

/// A test operation in the shape of `niah`: a depth × length matrix declared red (low) → green
/// (high) over 0…100, a layer × head matrix left to the default palette, a series over depth,
/// a scalar, and twelve per-sample records.
struct GridOperation: LabCore.Operation {
    let name = "grid-test"
    let version = 1
    let summary = "test operation: matrices and records"
    let doc = "returns a NIAH-like grid, head scores and samples"
    let params: [ParamSpec] = [ParamSpec("scale", .double, default: 1, "multiplies the grid")]

    var metrics: [MetricDeclaration] {
        [
            MetricDeclaration("niah", .matrix, .higherIsBetter, "ROUGE-1 recall × 100 per depth and length",
                              palette: .redToGreen, range: 0...100),
            MetricDeclaration("heads", .matrix, .neither, "retrieval score per layer and head"),
            MetricDeclaration("by_depth", .series(x: "depth (%)"), .higherIsBetter, "mean score per depth"),
            MetricDeclaration("overall", .higherIsBetter, "mean over every sample"),
        ]
    }

    static let grid = MatrixResult(rowName: "depth", columnName: "length", rowLabels: ["0%", "50%", "100%"],
                                   columnLabels: ["512", "1024"], values: [100, 90, 75, .nan, 20, 0])
    static let heads = MatrixResult(rowName: "layer", columnName: "head", rowLabels: ["0", "1"], columnLabels: ["0", "1", "2"],
                                    values: [0, 0.05, 0.9, 0.1, 0.4, 0])
    static func samples() -> [Value] {
        (0..<12).map { i in
            ["depth": .int(i % 3 * 50), "output": .string("line one of sample \(i)\n" + String(repeating: "x", count: 100)),
             "score": .double(Double(i * 10))]
        }
    }

    func run(_ context: OperationContext) throws -> OperationResult {
        try Data("grid".utf8).write(to: context.outputDirectory.appendingPathComponent("grid.txt"))
        return OperationResult(scalars: ["overall": 47],
                               series: ["by_depth": [SeriesPoint(iteration: 0, value: 95), SeriesPoint(iteration: 50, value: 20)]],
                               matrices: ["niah": Self.grid, "heads": Self.heads], records: ["samples": Self.samples()])
    }

    /// The built-in operations and this one.
    static var registry: [String: any LabCore.Operation] {
        BuiltinOperations.byName.merging([GridOperation().name: GridOperation()]) { a, _ in a }
    }

    /// Runs one `grid-test` step (`g`) in the workspace, recorded in its ledger, as `lab run` would.
    static func run(in home: URL) throws -> RunOutcome {
        let recipe = ResolvedRecipe(
            name: "grid", about: nil, seed: 1, path: home.appendingPathComponent("grid.yaml").path, text: "", profile: nil,
            overrides: [:], params: [:],
            steps: [ResolvedStep(id: "g", name: "g", variant: [], op: "grid-test", params: ["scale": 1], title: "Grid",
                                 note: nil, files: [], order: 0)])
        let ledger = try LedgerStore(path: LedgerStore.path(inWorkspace: home))
        return try Executor(recipe: recipe, operations: registry, home: home, recorder: ledger,
                            options: RunOptions(jobs: 1)).run()
    }
}
