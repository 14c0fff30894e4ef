import Foundation
import Kernels

/// The machine context recorded with every run.
enum HostInfo {
    static var hostName: String { ProcessInfo.processInfo.hostName }

    static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The BLAS configuration as OpenBLAS reports it (version, build options, core kind), and
    /// which kernel set runs and how it was chosen (see `BLASStartup`).
    static var blas: String { "\(BLAS.configuration); \(BLASStartup.note)" }
}
