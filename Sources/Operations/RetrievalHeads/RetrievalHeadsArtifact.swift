import Foundation
import Engine
import LabCore

/// The output of a `retrieval-heads` step: `heads.json`, the per-head scores and their ranking,
/// which a `niah` step's `mask: {from: ...}` reads.
struct RetrievalHeadsArtifact: Codable, Equatable {
    static let fileName = "heads.json"

    var format = "lab-retrieval-heads"
    var version = 1
    var layers: Int
    var heads: Int
    /// (L·NH) layer-major mean retrieval score over the answered samples.
    var scores: [Double]
    /// (L·NH) share of the answered samples where the head scored above `threshold`.
    var frequency: [Double]
    /// Every head, best first: score descending, ties by (layer, head).
    var ranking: [HeadMask.Head]
    var threshold: Double
    var answered: Int
    var samples: Int

    init(layers: Int, heads: Int, scores: [Double], frequency: [Double], threshold: Double, answered: Int, samples: Int) {
        self.layers = layers
        self.heads = heads
        self.scores = scores
        self.frequency = frequency
        self.threshold = threshold
        self.answered = answered
        self.samples = samples
        ranking = Self.rank(scores, heads: heads)
    }

    /// Heads by score, highest first; equal scores in (layer, head) order.
    static func rank(_ scores: [Double], heads nh: Int) -> [HeadMask.Head] {
        scores.indices.sorted { a, b in scores[a] != scores[b] ? scores[a] > scores[b] : a < b }
            .map { HeadMask.Head(layer: $0 / nh, head: $0 % nh) }
    }

    func score(_ head: HeadMask.Head) -> Double { scores[head.layer * heads + head.head] }

    func write(to directory: URL) throws {
        try JSONFile.write(self, to: directory.appendingPathComponent(Self.fileName))
    }

    static func load(from directory: URL, parameter: String) throws -> RetrievalHeadsArtifact {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw OperationError.badParameter(parameter, "not the output of a retrieval-heads step (no \(fileName) in \(directory.path))")
        }
        let artifact = try JSONFile.read(RetrievalHeadsArtifact.self, from: url, parameter: parameter,
                                         what: "the output of a retrieval-heads step")
        let count = artifact.layers * artifact.heads
        guard artifact.format == "lab-retrieval-heads", artifact.layers >= 1, artifact.heads >= 1,
              artifact.scores.count == count, artifact.scores.allSatisfy(\.isFinite), artifact.frequency.count == count, artifact.ranking.count == count,
              Set(artifact.ranking).count == count,
              artifact.ranking.allSatisfy({ (0..<artifact.layers).contains($0.layer) && (0..<artifact.heads).contains($0.head) }) else {
            throw OperationError.badParameter(parameter, "\(fileName) is malformed (format, sizes or ranking)")
        }
        return artifact
    }
}
