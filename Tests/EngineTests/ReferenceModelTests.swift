import XCTest
@testable import Engine

/// Forward values against the independent numpy implementation (bench/reference_model.py).
final class ReferenceModelTests: XCTestCase {
    func fixture(_ name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)
            ?? Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw EngineError.io(path: name, reason: "fixture missing from the test bundle")
        }
        return url
    }

    func testMatchesNumpyReference() throws {
        let model = try Transformer.load(url: try fixture("reference.safetensors"))
        let spec = try JSONSerialization.jsonObject(with: Data(contentsOf: try fixture("tokens.json"))) as! [String: Any]
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: try fixture("expected.json"))) as! [String: Any]
        let tokens = (spec["tokens"] as! [Int]).map(Int32.init)
        let weights = (spec["weights"] as! [Double]).map(Float.init)
        func maxDiff(_ a: [Float], _ key: String) -> Double {
            let b = expected[key] as! [Double]
            XCTAssertEqual(a.count, b.count, key)
            return zip(a, b).map { abs(Double($0) - $1) }.max() ?? .infinity
        }
        let logitsDiff = maxDiff(try model.logits(tokens: tokens), "logits")
        let losses = try model.tokenLosses(tokens: tokens)
        let lossDiff = maxDiff(Array(losses.losses.dropFirst()), "losses")
        let batch = try Batch(tokens: tokens, batchSize: 1, weights: weights)
        let meanLoss = try model.loss(try Batch(tokens: tokens, batchSize: 1))
        let weighted = try model.loss(batch)
        let meanDiff = abs(Double(meanLoss) - (expected["mean_loss"] as! Double))
        let weightedDiff = abs(Double(weighted) - (expected["weighted_loss"] as! Double))
        func heads(_ key: String) -> [(layer: Int, head: Int)] { (spec[key] as! [[Int]]).map { ($0[0], $0[1]) } }
        let queryDiff = maxDiff(try model.logits(tokens: tokens, headMask: HeadMask(mode: .query, heads: heads("query_mask"))), "logits_query_mask")
        let outputDiff = maxDiff(try model.logits(tokens: tokens, headMask: HeadMask(mode: .output, heads: heads("output_mask"))), "logits_output_mask")
        print("numpy reference: max abs diff logits \(logitsDiff), token losses \(lossDiff), mean loss \(meanDiff), "
              + "weighted loss \(weightedDiff), query-masked logits \(queryDiff), output-masked logits \(outputDiff)")
        for d in [logitsDiff, lossDiff, meanDiff, weightedDiff, queryDiff, outputDiff] { XCTAssertLessThan(d, 1e-4) }
        // The masks must matter, or the comparison proves nothing about them.
        let plain = try model.logits(tokens: tokens)
        let masked = try model.logits(tokens: tokens, headMask: HeadMask(mode: .query, heads: heads("query_mask")))
        XCTAssertGreaterThan(zip(plain, masked).map { abs($0 - $1) }.max()!, 1e-2)
    }
}
