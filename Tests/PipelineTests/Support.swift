import Foundation
import LabCore
@testable import Pipeline

/// A run recorder in memory, thread-safe like the ledger must be.
final class MemoryRecorder: RunRecorder, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var runs: [(id: Int, start: RunStart, status: RunStatus?)] = []
    private(set) var steps: [StepRecord] = []

    func beginRun(_ start: RunStart) throws -> Int {
        lock.lock(); defer { lock.unlock() }
        runs.append((runs.count + 1, start, nil))
        return runs.count
    }

    func recordStep(_ step: StepRecord) throws {
        lock.lock(); defer { lock.unlock() }
        steps.append(step)
    }

    /// The size of each `recordSteps` batch, in call order (one write each in the ledger).
    private(set) var batches: [Int] = []

    func recordSteps(_ steps: [StepRecord]) throws {
        lock.lock(); defer { lock.unlock() }
        batches.append(steps.count)
        self.steps.append(contentsOf: steps)
    }

    func finishRun(_ runID: Int, status: RunStatus, finishedAt: Date) throws {
        lock.lock(); defer { lock.unlock() }
        runs[runID - 1].status = status
    }

    func latestStep(stepID: String, recipeName: String) throws -> StepRecord? {
        lock.lock(); defer { lock.unlock() }
        let names = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0.start.recipeName) })
        return steps.last { $0.stepID == stepID && names[$0.runID] == recipeName }
    }

    func status(of runID: Int) -> RunStatus? {
        lock.lock(); defer { lock.unlock() }
        return runs[runID - 1].status
    }

    func records(run runID: Int) -> [StepRecord] {
        lock.lock(); defer { lock.unlock() }
        return steps.filter { $0.runID == runID }
    }
}

/// Counts calls per step id across threads (to prove a key is computed once).
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    private var running = 0
    private(set) var maxRunning = 0

    private var threadsGiven: [String: Int] = [:]

    func enter(_ id: String, threads: Int = 1) {
        lock.lock(); defer { lock.unlock() }
        counts[id, default: 0] += 1
        threadsGiven[id] = threads
        running += 1
        maxRunning = max(maxRunning, running)
    }
    func leave() { lock.lock(); running -= 1; lock.unlock() }
    func count(_ id: String) -> Int { lock.lock(); defer { lock.unlock() }; return counts[id] ?? 0 }
    var total: Int { lock.lock(); defer { lock.unlock() }; return counts.values.reduce(0, +) }
    /// The threads the operation's context offered, by step id (last call).
    func threads(_ id: String) -> Int? { lock.lock(); defer { lock.unlock() }; return threadsGiven[id] }
}

/// A test operation: writes `out.txt` = its `value` plus the text of each input's `out.txt`,
/// returns the scalar `value`, and fails, sleeps or waits for cancellation on request.
struct EchoOperation: LabCore.Operation {
    var name = "echo"
    var version = 1
    let summary = "test operation"
    let doc = "writes out.txt"
    let counter: CallCounter
    let params: [ParamSpec] = [
        ParamSpec("value", .int, default: 0, "a number"),
        ParamSpec("inputs", .list(.step), default: [], "steps read"),
        ParamSpec("fail", .bool, default: false, "throw"),
        ParamSpec("sleep", .double, default: 0, "seconds to sleep"),
        ParamSpec("wait_cancel", .bool, default: false, "loop until cancelled"),
    ]

    func run(_ context: OperationContext) throws -> OperationResult {
        counter.enter(context.stepID, threads: context.threads)
        defer { counter.leave() }
        context.log("start \(context.stepID)")
        let value = context.params["value"]?.intValue ?? 0
        var text = "\(value)"
        for input in context.params["inputs"]?.arrayValue ?? [] {
            guard let dir = input.stringValue else { throw OperationError.failed("input is not a path") }
            let upstream = try String(contentsOfFile: dir + "/out.txt", encoding: .utf8)
            text += "+" + upstream
        }
        if let s = context.params["sleep"]?.doubleValue, s > 0 { Thread.sleep(forTimeInterval: s) }
        if context.params["wait_cancel"]?.boolValue == true {
            _ = FileManager.default.createFile(atPath: context.outputDirectory.path + "/partial.txt", contents: Data("half".utf8))
            while !context.isCancelled() { Thread.sleep(forTimeInterval: 0.01) }
            throw OperationError.cancelled
        }
        if context.params["fail"]?.boolValue == true {
            context.log("about to fail")
            throw OperationError.failed("asked to fail")
        }
        try Data(text.utf8).write(to: context.outputDirectory.appendingPathComponent("out.txt"))
        return OperationResult(scalars: ["value": Double(value)], series: ["curve": [SeriesPoint(iteration: 1, value: 0.5)]])
    }
}

/// A temporary workspace with a recipe folder inside it.
final class Sandbox: @unchecked Sendable {
    let root: URL
    var home: URL { root.appendingPathComponent("home") }
    var recipeDirectory: URL { root.appendingPathComponent("recipes") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("lab-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: recipeDirectory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func recipe(_ steps: [ResolvedStep], name: String = "test", seed: UInt64 = 1) -> ResolvedRecipe {
        ResolvedRecipe(name: name, about: nil, seed: seed, path: recipeDirectory.appendingPathComponent("r.yaml").path,
                       text: "", profile: nil, overrides: [:], params: [:], steps: steps)
    }

    /// Everything left in artifacts/.tmp.
    func temporaries() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: home.path + "/artifacts/.tmp")) ?? []
    }
}

func step(_ id: String, _ params: [String: Value] = [:], op: String = "echo", files: [String] = [],
          name: String? = nil, order: Int = 0) -> ResolvedStep {
    ResolvedStep(id: id, name: name ?? id, variant: [], op: op, params: params, title: nil, note: nil,
                 files: files, order: order)
}

func ref(_ id: String) -> Value { StepReference.value(id) }

func execute(_ recipe: ResolvedRecipe, ops: [any LabCore.Operation], sandbox: Sandbox, recorder: MemoryRecorder,
         jobs: Int = 2, cores: Int = 1, threadLimit: Int? = nil, force: Set<String> = [],
         cancellation: CancellationFlag = CancellationFlag()) throws -> RunOutcome {
    let registry = Dictionary(uniqueKeysWithValues: ops.map { ($0.name, $0) })
    let options = RunOptions(jobs: jobs, cores: cores, threadLimit: threadLimit, force: force)
    return try Executor(recipe: recipe, operations: registry, home: sandbox.home, recorder: recorder,
                        options: options, cancellation: cancellation).run()
}

extension RunOutcome {
    func status(_ id: String) -> StepStatus? { steps.first { $0.stepID == id }?.status }
    func outcome(_ id: String) -> StepOutcome? { steps.first { $0.stepID == id } }
}
