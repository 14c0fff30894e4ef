import Engine
import LabCore

/// Walking a NIAH grid (rows depth, columns length, `samples` per cell) and summarising it.
struct NeedleGrid {
    let settings: NeedleSettings
    let sampler: NeedleSampler

    /// Builds every sample in grid order — depth, then length, then sample index — and runs
    /// `work(model, sample)` on it, `runner.workers` samples at once (each worker decoding with
    /// its own model sharing the runner's weights); then, on the calling thread and in grid
    /// order, `deliver` takes each result and returns the line logged for it, and progress is
    /// reported. Stops when the run is cancelled; the first failure in grid order is thrown.
    func forEachSample<T>(_ context: OperationContext, verb: String, runner: NeedleRunner,
                          _ work: @escaping (Transformer, NeedleSample) throws -> T,
                          deliver: (NeedleSample, T) throws -> String) throws {
        let total = settings.sampleCount
        let items = settings.cells.flatMap { cell in (0..<settings.samples).map { (cell.depth, cell.length, $0) } }
        let sampler = self.sampler
        let stats = try runner.model.forEachConcurrently(items.count, threads: runner.workers, work: { model, i in
            if context.isCancelled() { throw OperationError.cancelled }
            let (depth, length, index) = items[i]
            let sample = try sampler.sample(length: length, depth: depth, index: index)
            return (sample, try work(model, sample))
        }, deliver: { i, done in
            let (sample, result) = done
            let line = try deliver(sample, result)
            context.log("length \(sample.length) depth \(Self.depthLabel(sample.depth)) sample \(sample.index): \(line)")
            context.progress(.init("\(verb) \(i + 1)/\(total) (length \(sample.length), depth \(Self.depthLabel(sample.depth)))",
                                   fraction: Double(i + 1) / Double(total)))
        })
        context.log(stats.logLine(prompts: items.count))
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
