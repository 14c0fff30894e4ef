import Foundation
import LabCore

/// One step's resolved form, as the coordinator hands it to `lab step-job` on a node: enough
/// to run the step without the recipe (its parameters with defaults, keyed form and key, the
/// keys of the steps it reads, the folders it needs). The node checks that the keyed form
/// still hashes to the key and that its `lab` has the same operation version, so a node with
/// another `lab` never publishes under a key it would not compute.
public struct StepJobSpec: Sendable {
    static let format = 1

    public var home: URL
    public var runID: Int
    public var threads: Int
    public var forced: Bool
    public var recipeDirectory: URL
    public var step: ResolvedStep
    public var opVersion: Int
    public var params: [String: Value]
    public var fileHashes: [String: String]
    public var keyedForm: Value
    public var key: String
    /// Step id → key, for the steps this one reads (their artifact folders become its inputs).
    public var keys: [String: String]

    init(_ keyed: KeyedStep, home: URL, runID: Int, threads: Int, forced: Bool, recipeDirectory: URL, keys: [String: String]) {
        self.home = home
        self.runID = runID
        self.threads = threads
        self.forced = forced
        self.recipeDirectory = recipeDirectory
        step = keyed.step
        opVersion = keyed.operation.version
        params = keyed.params
        fileHashes = keyed.fileHashes
        keyedForm = keyed.keyedForm
        key = keyed.key
        self.keys = keys.filter { keyed.step.dependencies.contains($0.key) }
    }

    public var value: Value {
        let s = step
        var stepValue: [String: Value] = [
            "id": .string(s.id), "name": .string(s.name), "op": .string(s.op), "params": .object(s.params),
            "variant": .array(s.variant.map { .array([.string($0.key), $0.value]) }),
            "files": .array(s.files.map(Value.string)), "order": .int(s.order),
            "own_sweep_keys": .array(s.ownSweepKeys.map(Value.string)),
        ]
        if let title = s.title { stepValue["title"] = .string(title) }
        if let note = s.note { stepValue["note"] = .string(note) }
        if let resources = s.resources { stepValue["resources"] = resources.value }
        return .object([
            "format": .int(Self.format), "home": .string(home.path), "run": .int(runID), "threads": .int(threads),
            "forced": .bool(forced), "recipe_directory": .string(recipeDirectory.path), "step": .object(stepValue),
            "op_version": .int(opVersion), "params": .object(params),
            "file_hashes": .object(fileHashes.mapValues(Value.string)), "keyed_form": keyedForm, "key": .string(key),
            "keys": .object(keys.mapValues(Value.string)),
        ])
    }

    /// Reads a spec written by `value`; throws naming what is missing.
    public init(value v: Value) throws(PipelineError) {
        func need<T>(_ name: String, _ x: T?) throws(PipelineError) -> T {
            guard let x else { throw .store("the step spec has no valid '\(name)'") }
            return x
        }
        guard v["format"].intValue == Self.format else {
            throw .store("the step spec has format \(v["format"].intValue.map(String.init) ?? "none"), this lab reads \(Self.format)")
        }
        let s = v["step"]
        var variant: [(key: String, value: Value)] = []
        for pair in try need("step.variant", s["variant"].arrayValue) {
            guard let items = pair.arrayValue, items.count == 2, let k = items[0].stringValue else {
                throw .store("the step spec has a malformed 'step.variant'")
            }
            variant.append((k, items[1]))
        }
        step = ResolvedStep(
            id: try need("step.id", s["id"].stringValue), name: try need("step.name", s["name"].stringValue),
            variant: variant, op: try need("step.op", s["op"].stringValue),
            params: try need("step.params", s["params"].objectValue), title: s["title"].stringValue,
            note: s["note"].stringValue, files: try need("step.files", s["files"].arrayValue).compactMap(\.stringValue),
            order: try need("step.order", s["order"].intValue),
            ownSweepKeys: (s["own_sweep_keys"].arrayValue ?? []).compactMap(\.stringValue),
            resources: StepResources(value: s["resources"]))
        home = URL(fileURLWithPath: try need("home", v["home"].stringValue), isDirectory: true)
        runID = try need("run", v["run"].intValue)
        threads = max(1, try need("threads", v["threads"].intValue))
        forced = v["forced"].boolValue ?? false
        recipeDirectory = URL(fileURLWithPath: try need("recipe_directory", v["recipe_directory"].stringValue), isDirectory: true)
        opVersion = try need("op_version", v["op_version"].intValue)
        params = try need("params", v["params"].objectValue)
        fileHashes = try need("file_hashes", v["file_hashes"].objectValue).compactMapValues(\.stringValue)
        keyedForm = v["keyed_form"]
        key = try need("key", v["key"].stringValue)
        keys = try need("keys", v["keys"].objectValue).compactMapValues(\.stringValue)
    }
}
