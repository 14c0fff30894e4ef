import XCTest
import LabCore
@testable import LabCLI

/// `lab bench train --context N`: the standard config with rows of N tokens (for the memory
/// figures at long contexts), and a refusal of contexts the engine cannot take.
final class BenchTrainTests: XCTestCase {
    func lab(_ args: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try RunTestWorkspace.labBinary()
        process.arguments = args
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
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
}
