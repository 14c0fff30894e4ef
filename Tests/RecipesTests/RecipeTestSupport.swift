import Foundation
import XCTest
import LabCore
@testable import Recipes

/// A temporary directory for recipes that name files; removed in `deinit`.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("recipes-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}

extension XCTestCase {
    func load(_ text: String, path: String = "r.yaml", profile: String? = nil, sets: [String] = [],
              repeat repeatCount: Int = 1, sweeps: [String] = []) throws -> ResolvedRecipe {
        try RecipeLoader(operations: FakeOperations.all).load(text: text, path: path, profile: profile, sets: sets,
                                                              repeat: repeatCount, sweeps: sweeps)
    }

    /// The error's `file:line:col: message`, or a test failure when the recipe loads.
    func loadError(_ text: String, path: String = "r.yaml", profile: String? = nil, sets: [String] = [],
                   sweeps: [String] = [], file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            let recipe = try RecipeLoader(operations: FakeOperations.all).load(text: text, path: path, profile: profile, sets: sets,
                                                                               sweeps: sweeps)
            XCTFail("expected an error, got steps \(recipe.steps.map(\.id))", file: file, line: line)
            return nil
        } catch {
            return error.description
        }
    }
}

extension ResolvedRecipe {
    func step(_ id: String) -> ResolvedStep? { steps.first { $0.id == id } }
}
