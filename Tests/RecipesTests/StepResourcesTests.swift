import Foundation
import XCTest
import LabCore
@testable import Recipes

/// `resources: {cpus, mem, time}` on a step: read as written, checked with file:line:col, never
/// part of a step's parameters.
final class StepResourcesTests: XCTestCase {
    static func recipe(_ resources: String) -> String {
        """
        lab: 1
        name: res
        steps:
          data:
            op: corpus
            resources: \(resources)
            with: {task: t, length: 64}
          tokens:
            op: tokenizer
            with: {text: "${steps.data}"}
        """
    }

    func testResourcesAreReadAndLeftOutOfTheParameters() throws {
        let recipe = try load(Self.recipe("{cpus: 3, mem: 512m, time: 2h}"))
        XCTAssertEqual(recipe.steps[0].resources, StepResources(cpus: 3, memory: "512M", seconds: 7200))
        XCTAssertNil(recipe.steps[1].resources)
        XCTAssertEqual(recipe.steps[0].params, try load(Self.recipe("{}")).steps[0].params)
        XCTAssertEqual(try load(Self.recipe("{time: 90s}")).steps[0].resources?.slurmMinutes, "2", "rounded up")
        XCTAssertEqual(try load(Self.recipe("{time: 45}")).steps[0].resources?.seconds, 45 * 60, "minutes")
    }

    func testMalformedResourcesNameTheirPlace() {
        XCTAssertEqual(loadError(Self.recipe("{cpus: 0}")), "r.yaml:6:23: 'cpus' must be a whole number from 1 to 4096, not '0'")
        XCTAssertEqual(loadError(Self.recipe("{mem: 4}")), "r.yaml:6:22: 'mem' must be a size with a unit (512M, 4G), not '4'")
        XCTAssertEqual(loadError(Self.recipe("{time: 3w}")), "r.yaml:6:23: 'time' must be a duration (90s, 30m, 2h, 1d), not '3w'")
        XCTAssertEqual(loadError(Self.recipe("{cpu: 2}")), "r.yaml:6:17: unknown resources key 'cpu' (did you mean 'cpus'?)")
        XCTAssertEqual(loadError(Self.recipe("4G")), "r.yaml:6:16: 'resources' of step 'data' must be a mapping, not a scalar")
    }

    func testDefaultsFillWhatAStepLeavesOut() {
        let merged = StepResources(cpus: 4).over(.numeric)
        XCTAssertEqual(merged, StepResources(cpus: 4, memory: StepResources.numeric.memory, seconds: StepResources.numeric.seconds))
    }
}
