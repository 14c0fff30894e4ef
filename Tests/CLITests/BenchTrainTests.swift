import XCTest
import LabCore
@testable import LabCLI

/// `lab bench train --context N`: the standard config with rows of N tokens (for the memory
/// figures at long contexts), and a refusal of contexts the engine cannot take.
final class BenchTrainTests: XCTestCase {
    func lab(_ args: [String]) throws -> (status: Int32, output: String) {
        try RunTestWorkspace.runBinary(args)
    }

    func testContextReplacesTheConfigsRowLength() throws {
        let (status, output) = try lab(["bench", "train", "a", "--context", "40", "--iterations", "1", "--runs", "1",
                                        "--warmup", "0", "--threads", "1"])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("config a: L4 D128 NH4 T40 B16"), output)
        XCTAssertTrue(output.contains("peak memory"), output)
        XCTAssertTrue(output.contains("median"), output)
    }

    func testContextOutsideTheEnginesRangeIsAUsageError() throws {
        for bad in ["1", "40000"] {
            let (status, output) = try lab(["bench", "train", "a", "--context", bad])
            XCTAssertEqual(status, ExitCodes.usage, output)
            XCTAssertTrue(output.contains("--context must be in 2...32767"), output)
        }
    }

    /// `lab bench kernels`: every kernel of a step with its calls, and the groups' shares.
    func testKernelBreakdownListsEveryKernelAndTheGroupsShares() throws {
        let (status, output) = try lab(["bench", "kernels", "a", "--runs", "1", "--threads", "1"])
        XCTAssertEqual(status, 0, output)
        for kernel in ["matmul qkv forward", "matmul output backward", "attention forward", "attention backward",
                       "rmsnorm backward", "swiglu forward", "cross-entropy backward"] {
            XCTAssertTrue(output.contains("\n" + kernel + " "), "\(kernel) missing:\n\(output)")
        }
        let shares = output.split(separator: "\n").compactMap { line -> Double? in
            guard let range = line.range(of: #"[0-9.]+% of the sum"#, options: .regularExpression) else { return nil }
            return Double(line[range].split(separator: "%")[0])
        }
        XCTAssertEqual(shares.count, 3, output)  // matmuls, attention, elementwise
        XCTAssertEqual(shares.reduce(0, +), 100, accuracy: 0.2, output)
        let (bad, message) = try lab(["bench", "kernels", "c"])
        XCTAssertEqual(bad, ExitCodes.usage, message)
    }

    /// `lab bench decode --prompts N`: the prompts one at a time and at once, outputs compared.
    func testDecodeWithPromptsComparesOneAtATimeWithAllAtOnce() throws {
        let (status, output) = try lab(["bench", "decode", "--context", "80", "--tokens", "8", "--prompts", "3", "--threads", "2"])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("3 prompts of 72 tokens, 8 generated each: one at a time "), output)
        XCTAssertTrue(output.contains(", 2 at once "), output)
        XCTAssertTrue(output.contains("outputs identical"), output)
        let (bad, message) = try lab(["bench", "decode", "--prompts", "-1"])
        XCTAssertEqual(bad, ExitCodes.usage, message)
        XCTAssertTrue(message.contains("--prompts must be in 0...10000"), message)
    }

    func testKernelTableMultipliesCallsAndReportsRates() {
        let lines = BenchCommand.kernelTable([
            .init(name: "matmul x forward", group: "matmuls", seconds: 0.002, calls: 4, flops: 2e8),
            .init(name: "rope", group: "elementwise", seconds: 0.001, calls: 2, flops: 0),
        ], tokens: 1000)
        XCTAssertEqual(lines[0], "kernel                     ms/call  calls    ms/step   GFLOP/s")
        XCTAssertEqual(lines[1], "matmul x forward              2.00      4        8.0     100.0")
        XCTAssertEqual(lines[2], "rope                          1.00      2        2.0         –")
        XCTAssertEqual(lines[3], "matmuls          8.0 ms per step, 80.0% of the sum, 100.0 GFLOP/s")
        XCTAssertEqual(lines[4], "elementwise      2.0 ms per step, 20.0% of the sum")
        XCTAssertTrue(lines[5].hasPrefix("sum 10.0 ms per step = 100000 tokens/s"), lines[5])
    }
}
