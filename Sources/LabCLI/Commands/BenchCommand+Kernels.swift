import Engine
import Foundation
import Kernels

/// `lab bench kernels a|b`: where a training step's time goes. Each kernel the engine calls in
/// one step runs alone on the config's shapes (best of `--runs` calls, on `--threads`), and is
/// multiplied by how often a step calls it; the products report their GFLOP/s. A breakdown,
/// not the step itself: `lab bench train` measures that.
extension BenchCommand {
    struct KernelTiming {
        let name: String
        let group: String
        let seconds: Double   // one call, best of the runs
        let calls: Int        // per training step
        let flops: Double     // per call (0: not a product)
    }

    static func kernels(name: String, shape: (layers: Int, dim: Int, heads: Int, context: Int, batch: Int, vocab: Int),
                        threads: Int, args: Arguments, env: CommandEnvironment) throws {
        let runs = try args.int("runs") ?? 5
        guard runs >= 1 else { throw UsageError("--runs must be ≥ 1") }
        let l = shape.layers, c = shape.dim, nh = shape.heads, hs = c / nh, t = shape.context, b = shape.batch
        let v = shape.vocab, bt = b * t
        let h = TransformerConfig(vocabSize: v, layers: l, heads: nh, dim: c, context: t).hidden
        env.output.line("config \(name): L\(l) D\(c) NH\(nh) T\(t) B\(b) V\(v), hidden \(h); \(blasLine(threads: threads))")
        // Buffers large enough for every operand, filled with small values (no denormals, no overflow).
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: count)
            for i in 0..<count { p[i] = Float((i &* 7919) % 1000) / 20000 - 0.025 }
            return p
        }
        let x = buffer(bt * c), qkv = buffer(bt * 3 * c), dqkv = buffer(bt * 3 * c), wide = buffer(bt * 2 * h)
        let dwide = buffer(bt * 2 * h), out = buffer(bt * c), dout = buffer(bt * c), logits = buffer(bt * v)
        let weight = buffer(max(3 * c, 2 * h, v) * max(c, h)), dweight = buffer(max(3 * c, 2 * h, v) * max(c, h))
        let lse = buffer(b * nh * t), rstd = buffer(bt), losses = buffer(bt)
        let forwardScratch = buffer(attentionForwardScratchCount(b: b, t: t, nh: nh, hs: hs, threads: threads))
        let backwardScratch = buffer(attentionBackwardScratchCount(b: b, t: t, nh: nh, hs: hs, threads: threads))
        let normScratch = buffer(rmsnormBackwardScratchCount(bt: bt, c: c))
        let targets = UnsafeMutablePointer<Int32>.allocate(capacity: bt)
        for i in 0..<bt { targets[i] = Int32(i % v) }
        let all = [x, qkv, dqkv, wide, dwide, out, dout, logits, weight, dweight, lse, rstd, losses,
                   forwardScratch, backwardScratch, normScratch]
        defer { all.forEach { $0.deallocate() }; targets.deallocate() }
        let rope = RopeTable(headSize: hs, positions: t, base: 10000, scale: 1)

        var timings: [KernelTiming] = []
        func time(_ name: String, _ group: String, calls: Int, flops: Double = 0, _ body: () -> Void) {
            body()  // warm caches and arenas
            var best = Double.infinity
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                body()
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            timings.append(KernelTiming(name: name, group: group, seconds: best, calls: calls, flops: flops))
        }
        // The products: (output features, input features) of each weight; 2·BT·OC·C FLOP forward, twice that backward.
        for (label, oc, ic, calls) in [("qkv", 3 * c, c, l), ("wo", c, c, l), ("w13", 2 * h, c, l), ("w2", c, h, l), ("output", v, c, 1)] {
            let input = ic == h ? wide : x, output = oc == 2 * h ? wide : (oc == v ? logits : (oc == 3 * c ? qkv : out))
            let flops = 2.0 * Double(bt * oc * ic)
            time("matmul \(label) forward", "matmuls", calls: calls, flops: flops) {
                matmulForward(output, input, weight, bt: bt, c: ic, oc: oc, threads: threads)
            }
            time("matmul \(label) backward", "matmuls", calls: calls, flops: 2 * flops) {
                matmulBackward(dinp: ic == h ? dwide : dout, dweight: dweight, dout: output, inp: input, weight: weight,
                               bt: bt, c: ic, oc: oc, threads: threads)
            }
        }
        // Causal attention, counted as in `lab bench train`: 2·2·C·T/2 FLOP per token forward, twice that backward.
        let attentionFlops = 2.0 * Double(bt * c * t)
        time("attention forward", "attention", calls: l, flops: attentionFlops) {
            attentionForward(out: out, lse: lse, q: qkv, k: qkv + c, v: qkv + 2 * c, qkvStride: 3 * c,
                             b: b, t: t, nh: nh, hs: hs, scratch: forwardScratch, threads: threads)
        }
        time("attention backward", "attention", calls: l, flops: 2 * attentionFlops) {
            attentionBackward(dq: dqkv, dk: dqkv + c, dv: dqkv + 2 * c, dout: dout, out: out, lse: lse,
                              q: qkv, k: qkv + c, v: qkv + 2 * c, qkvStride: 3 * c, b: b, t: t, nh: nh, hs: hs,
                              scratch: backwardScratch, threads: threads)
        }
        time("rmsnorm forward", "elementwise", calls: 2 * l + 1) {
            rmsnormForward(out, rstd: rstd, x, weight: weight, bt: bt, c: c, threads: threads)
        }
        time("rmsnorm backward", "elementwise", calls: 2 * l + 1) {
            rmsnormBackward(dinp: dout, dweight: dweight, dout: out, inp: x, rstd: rstd, weight: weight,
                            bt: bt, c: c, accumulate: true, scratch: normScratch, threads: threads)
        }
        time("rope (q and k)", "elementwise", calls: 4 * l) {
            ropeForward(qkv, table: rope, b: b, t: t, nh: nh, rowStride: 3 * c, threads: threads)
        }
        time("swiglu forward", "elementwise", calls: l) { swigluForward(dwide, wide, bt: bt, h: h, threads: threads) }
        time("swiglu backward", "elementwise", calls: l) {
            swigluBackward(dh13: dwide, dout: wide, wide, bt: bt, h: h, threads: threads)
        }
        time("residual add", "elementwise", calls: 2 * l) { addForward(out, out, x, n: bt * c, threads: threads) }
        time("cross-entropy forward", "elementwise", calls: 1) {
            crossEntropyForward(losses: losses, lse: rstd, logits: logits, targets: targets, bt: bt, v: v, threads: threads)
        }
        time("cross-entropy backward", "elementwise", calls: 1) {
            crossEntropyBackward(dlogits: logits, logits: logits, lse: rstd, targets: targets, weights: nil, scale: 1,
                                 bt: bt, v: v, threads: threads)
        }
        for line in kernelTable(timings, tokens: bt) { env.output.line(line) }
    }

    /// One line per kernel (ms per call, calls per step, ms per step, GFLOP/s), then per group
    /// its share of the summed step.
    static func kernelTable(_ timings: [KernelTiming], tokens: Int) -> [String] {
        let total = timings.reduce(0) { $0 + $1.seconds * Double($1.calls) }
        func left(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
        func right(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        var lines = [left("kernel", 24) + right("ms/call", 10) + right("calls", 7) + right("ms/step", 11) + right("GFLOP/s", 10)]
        for k in timings {
            let rate = k.flops > 0 ? String(format: "%.1f", k.flops / k.seconds / 1e9) : "–"
            lines.append(left(k.name, 24) + right(String(format: "%.2f", k.seconds * 1e3), 10) + right("\(k.calls)", 7)
                         + right(String(format: "%.1f", k.seconds * Double(k.calls) * 1e3), 11) + right(rate, 10))
        }
        var groups: [String] = []
        for k in timings where !groups.contains(k.group) { groups.append(k.group) }
        for group in groups {
            let members = timings.filter { $0.group == group }
            let seconds = members.reduce(0) { $0 + $1.seconds * Double($1.calls) }
            let flops = members.reduce(0) { $0 + $1.flops * Double($1.calls) }
            lines.append(left(group, 12) + String(format: "%8.1f ms per step, %4.1f%% of the sum", seconds * 1e3, 100 * seconds / total)
                         + (flops > 0 ? String(format: ", %.1f GFLOP/s", flops / seconds / 1e9) : ""))
        }
        lines.append(String(format: "sum %.1f ms per step = %.0f tokens/s if nothing else took time (optimizer, embedding and threads' "
                            + "start-up are left out)", total * 1e3, Double(tokens) / total))
        return lines
    }
}
