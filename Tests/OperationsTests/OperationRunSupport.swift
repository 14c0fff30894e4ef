import Foundation
import XCTest
import LabCore
@testable import Operations

/// Runs operations directly, as the runner would: a fresh output directory per run, step
/// references already replaced by artifact directory paths.
final class OperationRunner {
    let root: URL
    private(set) var progressLines: [String] = []
    /// The step log of every run, in order.
    private(set) var logLines: [String] = []

    init(name: String) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("ops-\(name)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Runs `op` with `params` (defaults filled from its specs first, as the runner does), after
    /// its `validate`. Returns the output directory and the metrics.
    func run(_ op: any LabCore.Operation, _ params: [String: Value], seed: UInt64 = 7, threads: Int = 1,
             into name: String? = nil) throws -> (URL, OperationResult) {
        var full = params
        for spec in op.params where full[spec.name] == nil {
            guard let value = spec.defaultValue else { continue }
            full[spec.name] = value
        }
        try op.validate(full.mapValues { v in v })
        let out = root.appendingPathComponent(name ?? "\(op.name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let lines = LineBox(), log = LineBox()
        let context = OperationContext(params: full, outputDirectory: out, recipeDirectory: root, seed: seed,
                                       threads: threads, stepID: op.name, progress: { lines.append($0.message) },
                                       log: { log.append($0) })
        defer {
            progressLines += lines.lines
            logLines += log.lines
        }
        let result = try op.run(context)
        return (out, result)
    }

    /// Defaults filled, then `validate` only (what the recipe loader does before any run).
    static func validate(_ op: any LabCore.Operation, _ params: [String: Value]) throws {
        var full = params
        for spec in op.params where full[spec.name] == nil {
            if let value = spec.defaultValue { full[spec.name] = value }
        }
        try op.validate(full)
    }
}

final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ line: String) { lock.lock(); storage.append(line); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return storage }
}

/// The message of an `OperationError.badParameter`, or a failure naming what was thrown.
func badParameter(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> (name: String, message: String)? {
    do {
        try body()
        XCTFail("expected a bad-parameter error, nothing was thrown", file: file, line: line)
    } catch OperationError.badParameter(let name, let message) {
        return (name, message)
    } catch {
        XCTFail("expected a bad-parameter error, got \(error)", file: file, line: line)
    }
    return nil
}

/// A step reference as `validate` sees it.
func ref(_ step: String) -> Value { StepReference.value(step) }
