import XCTest
@testable import Kernels
import LabCore

/// The choice of OpenBLAS kernels for a CPU, and the sgemm check that guards it.
final class BLASCoreTests: XCTestCase {
    let sapphireRapids: Set<String> = ["sse3", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512_bf16"]

    func testPreferredCoreFollowsVectorFeatures() {
        XCTAssertEqual(BLASCore.preferred(flags: sapphireRapids, vendor: "GenuineIntel"), "Cooperlake")
        XCTAssertEqual(BLASCore.preferred(flags: sapphireRapids.subtracting(["avx512_bf16"]), vendor: "GenuineIntel"), "SkylakeX")
        XCTAssertEqual(BLASCore.preferred(flags: ["avx", "avx2", "fma"], vendor: "GenuineIntel"), "Haswell")
        XCTAssertEqual(BLASCore.preferred(flags: ["avx", "avx2", "fma"], vendor: "AuthenticAMD"), "Zen")
        XCTAssertEqual(BLASCore.preferred(flags: ["avx"], vendor: "GenuineIntel"), "Sandybridge")
        XCTAssertNil(BLASCore.preferred(flags: ["sse3"], vendor: "GenuineIntel"))
        XCTAssertNil(BLASCore.preferred(flags: ["avx512f", "avx2"], vendor: "GenuineIntel").flatMap { $0 == "SkylakeX" ? $0 : nil },
                     "AVX-512 foundation alone is not SkylakeX's instruction set")
    }

    func testReplacesOnlyAGenericFallback() {
        XCTAssertEqual(BLASCore.replacement(detected: "Prescott", flags: sapphireRapids, vendor: "GenuineIntel"), "Cooperlake")
        XCTAssertNil(BLASCore.replacement(detected: "Haswell", flags: sapphireRapids, vendor: "GenuineIntel"),
                     "a core OpenBLAS recognised is kept")
        XCTAssertNil(BLASCore.replacement(detected: "Prescott", flags: ["sse3"], vendor: "GenuineIntel"))
    }

    func testReadsCPUInfo() {
        let text = """
        processor\t: 0
        vendor_id\t: AuthenticAMD
        model name\t: AMD EPYC 7B13
        flags\t\t: fpu sse3 avx avx2 fma

        processor\t: 1
        vendor_id\t: AuthenticAMD
        flags\t\t: fpu
        """
        let cpu = CPUInfo.read(cpuinfo: text)
        XCTAssertEqual(cpu.vendor, "AuthenticAMD")
        XCTAssertEqual(cpu.model, "AMD EPYC 7B13")
        XCTAssertEqual(cpu.flags, ["fpu", "sse3", "avx", "avx2", "fma"])
        XCTAssertEqual(CPUInfo.read(cpuinfo: nil).flags, [])
    }

    func testSgemmAgreesWithNaiveProduct() {
        let error = BLASCore.productError()
        print("sgemm under OpenBLAS core \(BLAS.coreName): max relative error \(error) against the naive product")
        XCTAssertLessThan(error, BLASCore.tolerance)
        XCTAssertGreaterThan(error, 0, "Float products round: an error of exactly 0 means the check compared nothing")
    }
}
