import Foundation
import LabCore

/// Sums of loss and correct predictions per token class, and span (recall) accuracy by
/// distance bucket; turned into the evaluate metrics.
struct EvaluationTally {
    struct Class {
        var loss = 0.0
        var correct = 0
        var tokens = 0
        mutating func add(loss l: Float, correct c: Bool) { loss += Double(l); correct += c ? 1 : 0; tokens += 1 }
    }
    var all = Class(), long = Class(), short = Class()
    /// Per bucket lower edge: (spans fully correct, spans).
    var recall: [Int: (correct: Int, count: Int)] = [:]

    /// Ours: powers of two from 64 tokens, the first bucket everything below 64.
    static let bucketEdges = [0, 64, 128, 256, 512, 1024, 2048, 4096]

    static func bucket(_ distance: Int) -> Int { bucketEdges.last { $0 <= distance } ?? 0 }

    static func bucketName(_ low: Int) -> String {
        guard let index = bucketEdges.firstIndex(of: low) else { return "d\(low)" }
        if low == 0 { return "d<\(bucketEdges[1])" }
        if index == bucketEdges.count - 1 { return "d>=\(low)" }
        return "d\(low)-\(bucketEdges[index + 1] - 1)"
    }

    mutating func addSpan(distance: Int, correct: Bool) {
        let b = Self.bucket(distance)
        var entry = recall[b] ?? (0, 0)
        entry.correct += correct ? 1 : 0
        entry.count += 1
        recall[b] = entry
    }

    /// `loss`, `ppl`, `acc`, `tokens`, the same under `long.` and `short.`; `recall.acc`,
    /// `recall.spans`, `recall.acc.d<64`, `recall.spans.d64-127`, ...; series
    /// `recall.acc_by_distance` (iteration = bucket's lower edge in tokens). A class with no
    /// tokens gets only its count (0): its mean is undefined, not 0.
    var result: OperationResult {
        var scalars: [String: Double] = [:]
        for (prefix, c) in [("", all), ("long.", long), ("short.", short)] {
            scalars[prefix + "tokens"] = Double(c.tokens)
            guard c.tokens > 0 else { continue }
            let mean = c.loss / Double(c.tokens)
            scalars[prefix + "loss"] = mean
            scalars[prefix + "ppl"] = Foundation.exp(mean)
            scalars[prefix + "acc"] = Double(c.correct) / Double(c.tokens)
        }
        let spans = recall.values.reduce(0) { $0 + $1.count }
        scalars["recall.spans"] = Double(spans)
        if spans > 0 { scalars["recall.acc"] = Double(recall.values.reduce(0) { $0 + $1.correct }) / Double(spans) }
        var series: [SeriesPoint] = []
        for (low, entry) in recall.sorted(by: { $0.key < $1.key }) {
            let acc = Double(entry.correct) / Double(entry.count)
            scalars["recall.acc.\(Self.bucketName(low))"] = acc
            scalars["recall.spans.\(Self.bucketName(low))"] = Double(entry.count)
            series.append(SeriesPoint(iteration: low, value: acc))
        }
        return OperationResult(scalars: scalars, series: series.isEmpty ? [:] : ["recall.acc_by_distance": series])
    }
}
