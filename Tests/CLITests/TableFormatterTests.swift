import XCTest
@testable import LabCLI

final class TableFormatterTests: XCTestCase {
    func testCellsAreOneLineAndClippedButArtifactPathsFit() {
        let path = "artifacts/" + String(repeating: "a", count: 64)
        XCTAssertEqual(TableFormatter.clip(path), path)
        XCTAssertEqual(TableFormatter.clip("awk '\n{ print }'"), "awk ' …")
        let long = String(repeating: "x", count: 100)
        XCTAssertEqual(TableFormatter.clip(long).count, TableFormatter.maxCellWidth)
        XCTAssertTrue(TableFormatter.clip(long).hasSuffix("…"))
        var table = TableFormatter(["step", "run"])
        table.add(["a", "line one\nline two"])
        XCTAssertFalse(table.render().contains("line two"))
    }
}
