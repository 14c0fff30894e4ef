internal import COpenBLAS

/// The BLAS library behind every matrix product, and the thread count all kernels use.
///
/// Threading is ours: each kernel splits its work into `threads` fixed chunks (rows of a
/// matmul, (batch, head) pairs of attention) and every chunk calls single-threaded OpenBLAS.
/// So OpenBLAS's own pool is held at one thread (no spinning workers competing with ours), and
/// results depend only on `threads` (determinism).
public enum BLAS {
    /// Sets the kernels' thread count (at least 1); OpenBLAS itself stays single-threaded.
    public static func setThreads(_ count: Int) {
        let n = max(1, count)
        ThreadCount.shared.set(n)
        openblas_set_num_threads(1)
    }

    /// Stops OpenBLAS's worker threads, which its library constructor starts and which spin on
    /// `sched_yield` for a while: a short command (a cached rerun) would lose a core to them.
    /// The kernels never use that pool; a multi-threaded OpenBLAS call restarts it on demand.
    public static func stopIdleWorkers() {
        openblas_set_num_threads(1)
        _ = blas_thread_shutdown_()
    }

    /// The thread count the kernels use (what `setThreads` last set; 1 until then).
    public static var threads: Int { ThreadCount.shared.get() }

    /// What OpenBLAS itself reports as its thread count (1 once `setThreads` ran).
    public static var openBLASThreads: Int { Int(openblas_get_num_threads()) }

    /// OpenBLAS's configuration string, e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64`.
    public static var configuration: String {
        guard let c = openblas_get_config() else { return "OpenBLAS (unknown configuration)" }
        return String(cString: c)
    }

    /// One line for records: configuration and thread count.
    public static var description: String {
        "\(configuration); \(threads) kernel threads over single-threaded OpenBLAS calls"
    }

    /// Runs `body` with OpenBLAS's own pool at `threads` (for measuring one big sgemm), then
    /// returns it to one thread.
    public static func withOpenBLASThreads<R>(_ body: () throws -> R) rethrows -> R {
        openblas_set_num_threads(Int32(threads))
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
    if k == 0 {
        // BLAS would only scale C; keep that behaviour explicit.
        for i in 0..<m { let row = c + i * ldc; for j in 0..<n { row[j] = beta == 0 ? 0 : row[j] * beta } }
        return
    }
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// y (M) = alpha · A (M,N) · x (N), row-major.
@inline(__always)
func sgemv(m: Int, n: Int, a: UnsafePointer<Float>, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>,
           alpha: Float = 1) {
    cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(n), x, 1, 0, y, 1)
}

/// y (N) = Aᵀ · x with A (M,N) row-major, x (M).
@inline(__always)
func sgemvTransposed(m: Int, n: Int, a: UnsafePointer<Float>, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
    cblas_sgemv(CblasRowMajor, CblasTrans, Int32(m), Int32(n), 1, a, Int32(n), x, 1, 0, y, 1)
}
