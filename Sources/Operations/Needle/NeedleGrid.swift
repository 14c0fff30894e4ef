import Engine
import LabCore

/// Walking a NIAH grid (rows depth, columns length, `samples` per cell) and summarising it.
struct NeedleGrid {
    let settings: NeedleSettings
    let sampler: NeedleSampler

    /// Calls `body` on every sample in grid order — depth, then length, then sample index —
    /// logging the line it returns, reporting progress and stopping when the run is cancelled.
    func forEachSample(_ context: OperationContext, verb: String, _ body: (NeedleSample) throws -> String) throws {
        let total = settings.sampleCount
        var done = 0
        for (depth, length) in settings.cells {
            for index in 0..<settings.samples {
                if context.isCancelled() { throw OperationError.cancelled }
                let sample = try sampler.sample(length: length, depth: depth, index: index)
                let line = try body(sample)
                context.log("length \(length) depth \(Self.depthLabel(depth)) sample \(index): \(line)")
                done += 1
                context.progress(.init("\(verb) \(done)/\(total) (length \(length), depth \(Self.depthLabel(depth)))",
                                       fraction: Double(done) / Double(total)))
            }
        }
    }

    static func depthLabel(_ depth: Double) -> String {
        depth.rounded() == depth ? "\(Int(depth))%" : "\(depth)%"
    }

    /// (depths × lengths) mean of the scores added per cell; NaN for an empty cell.
    struct CellMeans {
        let settings: NeedleSettings
        private var sums: [Double]
        private var counts: [Int]

        init(_ settings: NeedleSettings) {
            self.settings = settings
            sums = [Double](repeating: 0, count: settings.depths.count * settings.lengths.count)
            counts = [Int](repeating: 0, count: sums.count)
        }

        mutating func add(_ score: Double, depth: Double, length: Int) {
            guard let row = settings.depths.firstIndex(of: depth), let column = settings.lengths.firstIndex(of: length) else { return }
            sums[row * settings.lengths.count + column] += score
            counts[row * settings.lengths.count + column] += 1
        }

        var matrix: MatrixResult {
            MatrixResult(rowName: "depth", columnName: "length", rowLabels: settings.depths.map(NeedleGrid.depthLabel),
                         columnLabels: settings.lengths.map(String.init),
                         values: zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : .nan })
        }

        var overallMean: Double {
            let n = counts.reduce(0, +)
            return n > 0 ? sums.reduce(0, +) / Double(n) : .nan
        }
    }

    /// One sample's record: the cell, the prompt, the needle's answer, the output and its score.
    static func record(_ sample: NeedleSample, _ answer: NeedleAnswer) -> [String: Value] {
        [
            "length": .int(sample.length), "depth": .double(sample.depth), "sample": .int(sample.index),
            "prompt_tokens": .int(sample.tokens.count), "needle_position": .int(sample.needleStart),
            "question": .string(sample.example.question ?? ""), "prompt": .string(sample.prompt),
            "answer": .string(sample.answer), "output": .string(answer.output), "score": .double(answer.score),
            "generated_tokens": .int(answer.generation.tokens.count), "stop": .string(answer.generation.stopReason.rawValue),
        ]
    }

    /// One line for the step's log.
    static func logLine(_ sample: NeedleSample, _ answer: NeedleAnswer) -> String {
        "answer \(sample.answer), output \"\(answer.output)\", score \(Int(answer.score.rounded()))"
    }

    /// The mask's heads as records: [{layer, head}], in the order chosen.
    static func headRecords(_ heads: [HeadMask.Head]) -> [Value] {
        heads.map { .object(["layer": .int($0.layer), "head": .int($0.head)]) }
    }
}
