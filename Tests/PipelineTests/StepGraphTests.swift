import XCTest
import LabCore
@testable import Pipeline

final class StepGraphTests: XCTestCase {
    func testOrderFollowsReferencesNotRecipeOrder() throws {
        let graph = try StepGraph([
            step("c", ["inputs": [ref("b")]]),
            step("a"),
            step("b", ["inputs": [ref("a")]]),
            step("d"),
        ])
        // Ready steps go in recipe order: c (first in the recipe) as soon as b is done, before d.
        XCTAssertEqual(graph.steps.map(\.id), ["a", "b", "c", "d"])
        XCTAssertEqual(graph.dependencies["c"], ["b"])
        XCTAssertEqual(graph.downstream(of: "a"), ["b", "c"])
    }

    func testCycleIsReportedWithItsSteps() {
        XCTAssertThrowsError(try StepGraph([step("a", ["inputs": [ref("b")]]), step("b", ["inputs": [ref("a")]])])) { error in
            guard case PipelineError.cycle(let ids) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(Set(ids), ["a", "b"])
            XCTAssertTrue("\(error)".contains("cycle"), "\(error)")
        }
    }

    func testUnknownReferenceAndDuplicateIDs() {
        XCTAssertThrowsError(try StepGraph([step("a", ["inputs": [ref("nope")]])])) { error in
            XCTAssertEqual("\(error)", "step 'a': refers to unknown step 'nope'")
        }
        XCTAssertThrowsError(try StepGraph([step("a"), step("a")])) { error in
            XCTAssertEqual("\(error)", "two steps have the id 'a'")
        }
    }
}
