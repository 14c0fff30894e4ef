import Engine
import Foundation
import Kernels
import LabCore

/// `lab bench`: training and decoding throughput of the engine on this machine (a benchmark,
/// not a test), and the generator of the engine's reference-test checkpoint.
enum BenchCommand: Command {
    static let name = "bench"
    static let summary = "measure engine training/decoding speed on this machine"
    static let workspaceUse = WorkspaceUse.none
    static let usage = """
    Usage: lab bench train a|b [--iterations N] [--warmup N] [--runs R] [--threads N] [--context N]
           lab bench kernels a|b [--runs R] [--threads N]
           lab bench decode [--context N] [--tokens N] [--prompts N] [--threads N]
           lab bench blas [--threads N] [--check-only]
           lab bench fixture DIR

    train   trains a standard config on random tokens: after --warmup steps (default 3), times
            --iterations steps (default 10), --runs times (default 3), and prints tokens/s per
            run and their median, peak memory (ru_maxrss), and the share of this machine's
            sgemm peak (1024² sgemm measured in-process) reached by the model FLOPs.
            Configs (layers, dim, heads, context, batch, vocab):
              a = (4, 128, 4, 256, 16, 512)    b = (4, 256, 8, 512, 8, 512)
            --context N trains rows of N tokens instead (memory grows linearly with it).
    kernels where a training step of config a or b spends its time: every kernel the step
            calls, run alone on the config's shapes (best of --runs, default 5) times its calls
            per step, GFLOP/s of the products (matmuls, attention), and each group's share.
    decode  greedy decoding with the KV cache, config b with --context tokens (default 2048):
            a prompt of context − tokens, then --tokens (default 128) generated, without and
            with the argmax read-out; decoding time = generating all minus generating one
            (best of 3 each). --prompts N then decodes N random prompts (up to 256 tokens,
            up to 32 generated) one at a time on one thread and all at once on --threads
            workers, as niah, retrieval-heads, qa-eval and synthesise do, and compares them.
    blas    the CPU's vector features, OpenBLAS's configuration and the kernel set ("core") it
            runs, how that core was chosen, a check of sgemm against a naive product, and
            1024² sgemm GFLOP/s on 1 and N threads against the CPU's nominal peak
            (--check-only: no timing).
    fixture writes reference.safetensors and tokens.json for bench/reference_model.py (the
            engine's reference-test fixtures).
    --threads defaults to 2.

    """
    static let options: Set<String> = ["iterations", "warmup", "runs", "threads", "context", "tokens", "prompts"]
    static let flags: Set<String> = ["check-only"]

    static let configs: [String: (layers: Int, dim: Int, heads: Int, context: Int, batch: Int, vocab: Int)] = [
        "a": (4, 128, 4, 256, 16, 512),
        "b": (4, 256, 8, 512, 8, 512),
    ]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        let threads = try args.int("threads") ?? 2
        guard threads >= 1 else { throw UsageError("--threads must be ≥ 1") }
        switch args.positionals.first {
        case "train":
            guard args.positionals.count == 2, let name = args.positionals.last, let shape = configs[name] else {
                throw UsageError("lab bench train needs a config: a or b")
            }
            try train(name: name, shape: shape, threads: threads, args: args, env: env)
        case "kernels":
            guard args.positionals.count == 2, let name = args.positionals.last, let shape = configs[name] else {
                throw UsageError("lab bench kernels needs a config: a or b")
            }
            try kernels(name: name, shape: shape, threads: threads, args: args, env: env)
        case "decode":
            try decode(threads: threads, args: args, env: env)
        case "blas":
            try blas(threads: threads, args: args, env: env)
        case "fixture":
            guard args.positionals.count == 2 else { throw UsageError("lab bench fixture needs a directory") }
            try fixture(URL(fileURLWithPath: args.positionals[1]), env: env)
        default:
            throw UsageError("lab bench needs train a|b, kernels a|b, decode, blas or fixture")
        }
        return 0
    }

    static func train(name: String, shape: (layers: Int, dim: Int, heads: Int, context: Int, batch: Int, vocab: Int),
                      threads: Int, args: Arguments, env: CommandEnvironment) throws {
        let iterations = try args.int("iterations") ?? 10, warmup = try args.int("warmup") ?? 3
        let runs = try args.int("runs") ?? 3
        guard iterations >= 1, warmup >= 0, runs >= 1 else { throw UsageError("--iterations and --runs must be ≥ 1") }
        let t = try args.int("context") ?? shape.context
        guard (2...32767).contains(t) else { throw UsageError("--context must be in 2...32767") }
        let config = TransformerConfig(vocabSize: shape.vocab, layers: shape.layers, heads: shape.heads,
                                       dim: shape.dim, context: t)
        let model = try Transformer(config: config, seed: 0)
        model.threads = threads
        let trainer = try Trainer(model: model)
        var rng = SeededRandom(seed: 1)
        let b = shape.batch
        let batch = try Batch(tokens: (0..<(b * (t + 1))).map { _ in Int32(rng.next() % UInt64(shape.vocab)) }, batchSize: b)
        env.output.line("config \(name): L\(shape.layers) D\(shape.dim) NH\(shape.heads) T\(t) B\(b) V\(shape.vocab), "
                        + "hidden \(config.hidden), params \(model.parameterCount); \(blasLine(threads: threads))")
        for _ in 0..<warmup { try trainer.step(batch) }
        var rates: [Double] = []
        for r in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations { try trainer.step(batch) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let rate = Double(b * t * iterations) / seconds
            rates.append(rate)
            env.output.line("run \(r + 1): \(Int(rate)) tokens/s (\(iterations) steps in \(String(format: "%.2f", seconds)) s)")
        }
        let median = rates.sorted()[rates.count / 2]
        // FLOPs per trained token: 6 per matmul parameter (forward 2, backward 4; the embedding
        // lookup is not a matmul) + causal attention q·kᵀ and p·v over T/2 positions on average,
        // 2·2·C·T/2 forward, ×3 with backward, per layer.
        let matmulParams = model.parameterCount - config.vocabSize * config.dim - (2 * config.layers + 1) * config.dim
        let flopsPerToken = 6.0 * Double(matmulParams) + 6.0 * Double(config.layers * config.dim * t)
        let achieved = flopsPerToken * median / 1e9
        let peak = sgemmPeak(threads: threads)
        env.output.line("median \(Int(median)) tokens/s")
        env.output.line(String(format: "model FLOPs %.1f GFLOP/s = %.0f%% of sgemm peak %.1f GFLOP/s (1024² sgemm, OpenBLAS with %d threads)",
                               achieved, 100 * achieved / peak, peak, threads))
        env.output.line("  counted: 6·\(matmulParams) matmul params + 6·L·C·T causal attention = \(Int(flopsPerToken)) FLOP per token")
        env.output.line("peak memory \(peakMemoryMB()) MB (ru_maxrss)")
    }

    static func decode(threads: Int, args: Arguments, env: CommandEnvironment) throws {
        let context = try args.int("context") ?? 2048, generated = try args.int("tokens") ?? 128
        guard generated >= 1, context > generated else { throw UsageError("--context must exceed --tokens ≥ 1") }
        let prompts = try args.int("prompts") ?? 0
        guard (0...10_000).contains(prompts) else { throw UsageError("--prompts must be in 0...10000") }
        let shape = configs["b"]!
        let config = TransformerConfig(vocabSize: shape.vocab, layers: shape.layers, heads: shape.heads,
                                       dim: shape.dim, context: context)
        let model = try Transformer(config: config, seed: 0)
        model.threads = threads
        var rng = SeededRandom(seed: 2)
        let prompt = (0..<(context - generated)).map { _ in Int32(rng.next() % UInt64(shape.vocab)) }
        env.output.line("config b at context \(context): prompt \(prompt.count) tokens, \(generated) generated; \(blasLine(threads: threads))")
        // Decoding speed is the difference between generating `generated` tokens and generating
        // one (both prefill the same prompt the same way), best of 3 each, so the prefill's
        // noise does not land on the much shorter decoding time.
        var rates: [AttentionReadout: Double] = [:]
        for readout in [AttentionReadout.none, .argmax] {
            var prefillBest = Double.infinity, fullBest = Double.infinity, produced = 0
            for _ in 0..<3 {
                let t0 = DispatchTime.now().uptimeNanoseconds
                _ = try model.generate(prompt: prompt, maxTokens: 1, readout: readout)
                let t1 = DispatchTime.now().uptimeNanoseconds
                produced = try model.generate(prompt: prompt, maxTokens: generated, readout: readout).tokens.count
                let t2 = DispatchTime.now().uptimeNanoseconds
                prefillBest = min(prefillBest, Double(t1 - t0) / 1e9)
                fullBest = min(fullBest, Double(t2 - t1) / 1e9)
            }
            let decodeSeconds = max(1e-9, fullBest - prefillBest)
            rates[readout] = Double(produced - 1) / decodeSeconds
            env.output.line(String(format: "readout %@: prefill %.0f tokens/s, decode %.0f tokens/s (%d tokens, %.3f s after prefill; best of 3)",
                                   readout.rawValue, Double(prompt.count) / prefillBest, rates[readout]!, produced, decodeSeconds))
        }
        env.output.line(String(format: "argmax read-out decodes at %.0f%% of the speed without it",
                               100 * rates[.argmax]! / rates[.none]!))
        if prompts > 0 {
            try decodePrompts(prompts, model: model, promptLength: min(256, context - generated), generated: min(generated, 32),
                              threads: threads, env: env)
        }
        env.output.line("peak memory \(peakMemoryMB()) MB (ru_maxrss)")
    }

    /// The checkpoint and tokens behind Tests/EngineTests/Fixtures (see bench/README.md).
    static func fixture(_ dir: URL, env: CommandEnvironment) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let config = TransformerConfig(vocabSize: 37, layers: 2, heads: 4, dim: 32, context: 24, ropeBase: 500, ropeScale: 2)
        let model = try Transformer(config: config, seed: 1234)
        // A few steps on a repeating pattern, so attention and logits are far from uniform.
        var options = TrainOptions()
        options.learningRate = 1e-2
        options.totalSteps = 30
        let trainer = try Trainer(model: model, options: options)
        var rng = SeededRandom(seed: 5)
        for _ in 0..<30 {
            var tokens: [Int32] = []
            for _ in 0..<4 {
                let motif: [Int32] = (0..<6).map { _ in Int32(rng.next() % 37) }
                for i in 0..<25 { tokens.append(motif[i % 6]) }
            }
            try trainer.step(Batch(tokens: tokens, batchSize: 4))
        }
        try model.save(to: dir.appendingPathComponent("reference.safetensors"))
        var tokens: [Int] = [], weights: [Double] = []
        for i in 0..<20 { tokens.append((i * 7 + (i / 6) * 3) % 37) }
        for i in 0..<19 { weights.append(Double(i % 4) * 0.5) }
        let spec: [String: Any] = ["tokens": tokens, "weights": weights,
                                   "query_mask": [[0, 1], [1, 3]], "output_mask": [[1, 0], [0, 2]]]
        let data = try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys])
        try data.write(to: dir.appendingPathComponent("tokens.json"))
        env.output.line("wrote \(dir.path)/reference.safetensors and tokens.json")
    }

    /// Best of a few 1024² sgemm runs, in GFLOP/s: one OpenBLAS call with its own threads.
    static func sgemmPeak(threads: Int) -> Double {
        let n = 1024
        let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
        var c = [Float](repeating: 0, count: n * n)
        let best = sgemmRate(threads: threads)
        var bestSplit = 0.0
        for _ in 0..<5 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            matmulForward(&c, a, b, bt: n, c: n, oc: n, threads: threads)
            let s = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            bestSplit = max(bestSplit, 2.0 * Double(n * n * n) / s / 1e9)
        }
        FileHandle.standardError.write(Data(String(format: "(sgemm 1024²: OpenBLAS threads %.1f GFLOP/s, row-split matmulForward %.1f GFLOP/s)\n", best, bestSplit).utf8))
        return best
    }

    /// OpenBLAS's configuration and kernel set, and the kernels' thread count.
    static func blasLine(threads: Int) -> String {
        "\(BLAS.configuration) (core \(BLAS.coreName)); \(threads) kernel thread\(threads == 1 ? "" : "s") over single-threaded OpenBLAS calls; "
            + "attention kernels \(attentionKernelName) (the same bits on any build)"
    }

    static func peakMemoryMB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024  // kilobytes on Linux
    }
}
