import Foundation
import Kernels
import LabCore

/// `lab bench blas`: which OpenBLAS kernels run here, whether they compute correctly, and how
/// fast one sgemm runs against the CPU's nominal peak.
extension BenchCommand {
    static func blas(threads: Int, args: Arguments, env: CommandEnvironment) throws {
        let cpu = CPUInfo.read()
        let vector = ["avx512f", "avx512_bf16", "avx2", "fma", "avx"].filter(cpu.flags.contains)
        env.output.line("cpu        \(cpu.model.isEmpty ? "unknown" : cpu.model) (\(cpu.vendor)); vector features: "
                        + (vector.isEmpty ? "SSE only" : vector.joined(separator: " ")))
        env.output.line("openblas   \(BLAS.configuration)")
        env.output.line("kernels    \(BLASStartup.note)")
        if let preferred = BLASCore.preferred(flags: cpu.flags, vendor: cpu.vendor) {
            env.output.line("matching   \(preferred) (the core lab chooses when OpenBLAS falls back to a generic one)")
        }
        let error = BLASCore.productError()
        let passed = error <= BLASStartup.tolerance
        env.output.line(String(format: "check      sgemm vs naive product: max relative error %.2e (tolerance %.0e): %@",
                               error, BLASStartup.tolerance, passed ? "passed" : "FAILED"))
        if args.flag("check-only") { return }
        let single = sgemmRate(threads: 1), multi = sgemmRate(threads: threads)
        env.output.line(String(format: "sgemm      1024²: %.1f GFLOP/s on 1 thread, %.1f GFLOP/s on %d (best of 5)", single, multi, threads))
        if let peak = nominalPeak(cpu.flags, threads: threads) {
            env.output.line(String(format: "peak       nominal %.0f GFLOP/s on %d cores (%.0f MHz × %d FLOP/cycle, assuming two FMA units): sgemm reaches %.0f%%",
                                   peak.gflops, threads, peak.mhz, peak.flopsPerCycle, 100 * multi / peak.gflops))
        }
    }

    /// Best of 5 1024² sgemm calls in GFLOP/s, OpenBLAS running its own `threads` threads.
    static func sgemmRate(threads: Int) -> Double {
        let n = 1024
        let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
        var c = [Float](repeating: 0, count: n * n)
        var best = 0.0
        for _ in 0..<5 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            BLAS.withOpenBLASThreads(threads) {
                sgemm(transA: false, transB: true, m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, beta: 0, c: &c, ldc: n)
            }
            let s = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            best = max(best, 2.0 * Double(n * n * n) / s / 1e9)
        }
        return best
    }

    /// Cores × clock × single-precision FLOP per cycle of the widest FMA (two units assumed:
    /// 64 with AVX-512, 32 with AVX2+FMA, 16 with SSE). The clock is /proc/cpuinfo's.
    static func nominalPeak(_ flags: Set<String>, threads: Int) -> (gflops: Double, mhz: Double, flopsPerCycle: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu MHz") }),
              let mhz = line.split(separator: ":").last.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
              mhz.isFinite, mhz > 0 else { return nil }
        let perCycle = flags.contains("avx512f") ? 64 : (flags.contains("avx2") && flags.contains("fma") ? 32 : 16)
        return (Double(threads) * mhz / 1000 * Double(perCycle), mhz, perCycle)
    }
}
