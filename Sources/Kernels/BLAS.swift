internal import COpenBLAS

/// The BLAS library behind every matrix product.
///
/// Threading is ours: each kernel cuts its work into chunks fixed by the problem's size and
/// shares them among the `threads` its caller passes (see `forEachChunk`); every chunk calls
/// single-threaded OpenBLAS. So OpenBLAS's own pool is held at one thread (no spinning workers
/// competing with ours, no split that depends on its thread count).
public enum BLAS {
    /// OpenBLAS at one thread, set once before the first product (a Swift global is initialised
    /// exactly once, thread-safely).
    static let singleThreaded: Void = { openblas_set_num_threads(1) }()

    /// Stops OpenBLAS's worker threads, which its library constructor starts and which spin on
    /// `sched_yield` for a while: a short command (a cached rerun) would lose a core to them.
    /// The kernels never use that pool; a multi-threaded OpenBLAS call restarts it on demand.
    public static func stopIdleWorkers() {
        _ = singleThreaded
        openblas_set_num_threads(1)
        _ = blas_thread_shutdown_()
    }

    /// What OpenBLAS itself reports as its thread count (1 outside `withOpenBLASThreads`).
    public static var openBLASThreads: Int { Int(openblas_get_num_threads()) }

    /// OpenBLAS's configuration string, e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64`.
    public static var configuration: String {
        guard let c = openblas_get_config() else { return "OpenBLAS (unknown configuration)" }
        return String(cString: c)
    }

    /// The kernel set OpenBLAS chose for this CPU, e.g. `SkylakeX` or `Prescott`.
    public static var coreName: String {
        guard let c = openblas_get_corename() else { return "unknown" }
        return String(cString: c)
    }

    /// Runs `body` with OpenBLAS's own pool at `threads` (for measuring one big sgemm), then
    /// returns it to one thread.
    public static func withOpenBLASThreads<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
        _ = singleThreaded
        openblas_set_num_threads(Int32(max(1, threads)))
        defer { openblas_set_num_threads(1) }
        return try body()
    }
}

/// C = alpha·op(A)·op(B) + beta·C, row-major. The single door to `cblas_sgemm`.
/// A is (M,K) (or (K,M) when `transA`), B is (K,N) (or (N,K) when `transB`), C is (M,N).
@inline(__always)
public func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                  a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                  beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    if m == 0 || n == 0 { return }
    _ = BLAS.singleThreaded
    if k == 0 {
        // BLAS would only scale C; keep that behaviour explicit.
        for i in 0..<m { let row = c + i * ldc; for j in 0..<n { row[j] = beta == 0 ? 0 : row[j] * beta } }
        return
    }
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// y (M) = alpha · A (M,N) · x (N), row-major with rows `lda` apart (N by default).
@inline(__always)
func sgemv(m: Int, n: Int, a: UnsafePointer<Float>, lda: Int? = nil, x: UnsafePointer<Float>,
           y: UnsafeMutablePointer<Float>, alpha: Float = 1) {
    _ = BLAS.singleThreaded
    cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda ?? n), x, 1, 0, y, 1)
}

/// y (N) = Aᵀ · x with A (M,N) row-major, x (M).
@inline(__always)
func sgemvTransposed(m: Int, n: Int, a: UnsafePointer<Float>, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
    _ = BLAS.singleThreaded
    cblas_sgemv(CblasRowMajor, CblasTrans, Int32(m), Int32(n), 1, a, Int32(n), x, 1, 0, y, 1)
}
