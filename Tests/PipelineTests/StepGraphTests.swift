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

    /// Thousands of steps ready at once (a big sweep) come out as a plain sorted ready list
    /// would give them: the earliest ready step in recipe order first.
    func testManyReadyStepsKeepRecipeOrder() throws {
        var generator = SystemRandomNumberGenerator()
        var steps: [ResolvedStep] = []
        for i in 0..<2_000 {
            // Each step may read one later step of the recipe: the order must follow references.
            let target = Int.random(in: 0..<2_000, using: &generator)
            steps.append(target > i && i % 3 == 0 ? step("s\(i)", ["inputs": [ref("s\(target)")]]) : step("s\(i)"))
        }
        let graph = try StepGraph(steps)
        XCTAssertEqual(graph.steps.map(\.id), referenceOrder(steps))
    }

    /// Kahn's algorithm with the ready list kept sorted, the obvious (quadratic) way.
    private func referenceOrder(_ steps: [ResolvedStep]) -> [String] {
        let dependencies = steps.map(\.dependencies)
        var waiting = dependencies.map(\.count)
        var ready = steps.indices.filter { waiting[$0] == 0 }
        var order: [String] = []
        while !ready.isEmpty {
            let i = ready.removeFirst()
            order.append(steps[i].id)
            for j in steps.indices where dependencies[j].contains(steps[i].id) {
                waiting[j] -= 1
                if waiting[j] == 0 { ready.append(j); ready.sort() }
            }
        }
        return order
    }
}
