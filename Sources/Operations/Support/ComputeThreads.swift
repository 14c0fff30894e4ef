import Kernels

/// The BLAS thread count is process-wide: every numeric operation sets it from its context
/// before any work, so a step's numbers depend only on its own thread count.
enum ComputeThreads {
    static func use(_ threads: Int) { BLAS.setThreads(max(1, threads)) }
}
