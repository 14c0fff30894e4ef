import Foundation
import XCTest
import LabCore
@testable import Operations

/// Every metric the operations emit on the tiny pipeline is declared, with a series declared as
/// a series, so that the notebook never falls back to showing one plainly by accident.
final class DeclaredMetricCoverageTests: XCTestCase {
    func testEveryEmittedMetricIsDeclared() throws {
        let p = try OperationsPipelineTests.pipeline()
        let (_, evaluation) = try p.runner.run(EvaluateOperation(), ["model": .string(p.long.path), "data": .string(p.data.path),
                                                                     "scores": .string(p.scores.path)])
        let runs: [(any LabCore.Operation, OperationResult)] = [
            (CorpusOperation(), p.corpus), (TokenizerOperation(), p.tokens), (TrainOperation(), p.longTrain),
            (TrainOperation(), p.weightedTrain), (ScoreOperation(), p.score), (EvaluateOperation(), evaluation),
        ]
        var checked = 0
        for (op, result) in runs {
            XCTAssertFalse(op.metrics.isEmpty, op.name)
            for name in result.scalars.keys {
                let declared = op.metrics.declaration(for: name)
                XCTAssertNotNil(declared, "\(op.name): scalar \(name)")
                if case .series? = declared?.kind { XCTFail("\(op.name): scalar \(name) declared as a series") }
                checked += 1
            }
            for name in result.series.keys {
                guard case .series? = op.metrics.declaration(for: name)?.kind else {
                    XCTFail("\(op.name): series \(name) not declared as one")
                    continue
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 60)
        XCTAssertNotNil(evaluation.series["recall.acc_by_distance"], "the pipeline exercises the distance series")
    }
}
