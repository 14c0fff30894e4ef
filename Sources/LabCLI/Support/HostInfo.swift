import Foundation

/// The machine context recorded with every run.
enum HostInfo {
    static var hostName: String { ProcessInfo.processInfo.hostName }

    static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The BLAS configuration. TODO(engine): replace with the Kernels' own report
    /// (openblas_get_config, core name) once it exposes one.
    static var blas: String {
        let threads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].map { " OPENBLAS_NUM_THREADS=\($0)" } ?? ""
        return "OpenBLAS" + threads
    }
}
