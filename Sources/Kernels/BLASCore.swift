import Foundation

/// Which OpenBLAS kernel set ("core") suits this CPU, for when OpenBLAS's own detection does
/// not know the CPU and falls back to a generic one (Debian's 0.3.21 runs its SSE3 `Prescott`
/// kernels on Sapphire Rapids Xeons, about 8× slower than its AVX-512 ones there).
///
/// OpenBLAS reads `OPENBLAS_CORETYPE` only when it loads, so choosing happens before it
/// loads: the CLI re-executes itself with the variable set (see LabCLI's `BLASStartup`).
public enum BLASCore {
    /// Cores OpenBLAS falls back to when it does not recognise a CPU, or that predate AVX.
    public static let genericCores: Set<String> = [
        "Prescott", "Katmai", "Coppermine", "Northwood", "Banias", "Core2", "Penryn", "Dunnington",
        "Nehalem", "Atom", "Athlon", "Opteron", "Opteron_SSE3", "Barcelona", "Nano", "Unknown",
    ]

    /// The core whose kernels match the CPU's vector features, or nil when nothing better than
    /// SSE is there. `flags` as in /proc/cpuinfo (`avx2`, `fma`, `avx512f`, …).
    public static func preferred(flags: Set<String>, vendor: String) -> String? {
        let avx512 = ["avx512f", "avx512dq", "avx512bw", "avx512vl"].allSatisfy(flags.contains)
        if avx512 { return flags.contains("avx512_bf16") ? "Cooperlake" : "SkylakeX" }
        if flags.contains("avx2") && flags.contains("fma") { return vendor.contains("AMD") ? "Zen" : "Haswell" }
        if flags.contains("avx") { return "Sandybridge" }
        return nil
    }

    /// The core to force instead of `detected`, or nil to keep OpenBLAS's own choice (it
    /// recognised the CPU, or the CPU has nothing better).
    public static func replacement(detected: String, flags: Set<String>, vendor: String) -> String? {
        guard genericCores.contains(detected), let better = preferred(flags: flags, vendor: vendor),
              better != detected else { return nil }
        return better
    }

    /// The largest error of OpenBLAS's sgemm against a naive product in Double, relative to
    /// Σ|a·b| of each entry, over shapes that reach the kernels' edge cases (odd sizes, both
    /// transpositions, a product larger than one cache block). Float accumulation of K terms
    /// stays near K·2⁻²⁴, so a correct kernel set scores well under `tolerance`.
    public static func productError() -> Double {
        var rng = UInt64(0x9E37_79B9_7F4A_7C15)
        func next() -> Float {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: rng >> 11) % 2001 - 1000) / 1000
        }
        var worst = 0.0
        for (m, n, k, transA, transB) in [(37, 29, 41, false, true), (5, 67, 3, true, false), (130, 70, 300, false, false),
                                          (64, 64, 64, true, true)] {
            let a = (0..<(m * k)).map { _ in next() }, b = (0..<(k * n)).map { _ in next() }
            var c = [Float](repeating: 0, count: m * n)
            let lda = transA ? m : k, ldb = transB ? k : n
            sgemm(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: 0, c: &c, ldc: n)
            for i in 0..<m {
                for j in 0..<n {
                    var exact = 0.0, scale = 0.0
                    for p in 0..<k {
                        let x = Double(transA ? a[p * m + i] : a[i * k + p]), y = Double(transB ? b[j * k + p] : b[p * n + j])
                        exact += x * y
                        scale += abs(x * y)
                    }
                    let error = abs(Double(c[i * n + j]) - exact) / max(scale, 1e-30)
                    worst = max(worst, error.isNaN ? .infinity : error)
                }
            }
        }
        return worst
    }

    /// Largest acceptable `productError` (Float rounding is about 1e-7 per term).
    public static let tolerance = 1e-4
}
