import Foundation
import Kernels

/// The machine context recorded with every run.
enum HostInfo {
    static var hostName: String { ProcessInfo.processInfo.hostName }

    static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The BLAS configuration as OpenBLAS reports it (version, build options, core kind);
    /// the kernels' thread count is recorded beside it.
    static var blas: String { BLAS.configuration }
}
