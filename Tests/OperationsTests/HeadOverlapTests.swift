import Engine
import Foundation
import LabCore
import XCTest
@testable import Operations

/// Item 5 of the retrieval-heads issue: are the heads the same after context extension?
final class HeadOverlapTests: XCTestCase {
    /// Spearman on hand-worked values: ranks (1, 2, 3, 4) vs (1, 3, 2, 4) → 1 − 6·2/(4·15) = 0.8;
    /// ties share the average rank.
    func testSpearmanOnHandWorkedValues() {
        let rho = RankCorrelation.spearman([0.1, 0.2, 0.3, 0.4], [0.0, 0.5, 0.2, 0.9])!
        print("spearman: \(rho), expected 0.8, diff \(abs(rho - 0.8))")
        XCTAssertEqual(rho, 0.8, accuracy: 1e-12)
        XCTAssertEqual(RankCorrelation.ranks([5, 1, 5, 3]), [3.5, 1, 3.5, 2])
        XCTAssertNil(RankCorrelation.spearman([1, 1, 1], [1, 2, 3]), "no spread: undefined")
        XCTAssertEqual(RankCorrelation.spearman([1, 2, 3], [3, 2, 1])!, -1, accuracy: 1e-12)
    }

    /// Two hand-built scorings of 2 layers × 4 heads: top-2 sets {(0,1), (1,2)} and {(0,1), (1,3)}.
    func testOverlapAndJaccardOfTwoScorings() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("head-overlap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let a = RetrievalHeadsArtifact(layers: 2, heads: 4, scores: [0, 0.9, 0, 0, 0, 0, 0.5, 0.05],
                                       frequency: [Double](repeating: 0, count: 8), threshold: 0.1, answered: 4, samples: 4)
        let b = RetrievalHeadsArtifact(layers: 2, heads: 4, scores: [0, 0.8, 0, 0, 0, 0, 0.02, 0.6],
                                       frequency: [Double](repeating: 0, count: 8), threshold: 0.1, answered: 4, samples: 4)
        let dirA = root.appendingPathComponent("a"), dirB = root.appendingPathComponent("b"), out = root.appendingPathComponent("out")
        for dir in [dirA, dirB, out] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        try a.write(to: dirA)
        try b.write(to: dirB)
        let context = OperationContext(params: ["a": .string(dirA.path), "b": .string(dirB.path), "top": .null],
                                       outputDirectory: out, recipeDirectory: root, seed: 1, threads: 1, stepID: "overlap")
        let result = try HeadOverlapOperation().run(context)
        XCTAssertEqual(result.scalars["top"], 2, "K defaults to a's heads above 0.1")
        XCTAssertEqual(result.scalars["overlap"], 0.5, "(0,1) is in both top-2 sets")
        XCTAssertEqual(result.scalars["chance"], 0.25)
        XCTAssertEqual(result.scalars["jaccard"] ?? 0, 1.0 / 3, accuracy: 1e-12, "{(0,1),(1,2)} vs {(0,1),(1,3)}")
        XCTAssertEqual(result.records["heads"]?.count, 3)
        let rho = try XCTUnwrap(result.scalars["spearman"])
        XCTAssertEqual(rho, RankCorrelation.spearman(a.scores, b.scores)!, accuracy: 1e-15)
        // A different shape is refused.
        let c = RetrievalHeadsArtifact(layers: 1, heads: 8, scores: a.scores, frequency: a.frequency, threshold: 0.1, answered: 4, samples: 4)
        try c.write(to: dirB)
        XCTAssertThrowsError(try HeadOverlapOperation().run(context))
    }
}
