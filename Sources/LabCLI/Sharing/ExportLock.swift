import Foundation
import LabCore

/// `lab-export.json`: everything needed to rerun an exported experiment and to tell whether
/// the rerun reproduced it, bit for bit.
///
///     {"format": 1,
///      "run": {"id": 3, "name": …, "recipe_name": …, "started": "2026-…Z", "command": "lab run …"},
///      "recipe": "recipe/tw.yaml", "recipe_sha256": …,
///      "invocation": {"profile": "smoke", "set": ["steps=6"], "sweep": [], "repeat": 1},
///      "profile": "smoke", "overrides": {…},
///      "inputs": [{"path": "data/corpus.txt", "sha256": …}],
///      "environment": {"lab": …, "blas": "OpenBLAS 0.3.26 … ; core Haswell: …", "cpu": …, "host": …,
///                      "threads": 8, "jobs": 8},
///      "steps": [{"id": …, "op": …, "version": 1, "key": …, "params": {…},
///                 "inputs": {"data/corpus.txt": sha}, "files": [{"path", "bytes", "sha256"}],
///                 "metrics": {"scalars": …, "series": …}}],
///      "artifacts": [keys included under artifacts/]}
struct ExportLock {
    static let fileName = "lab-export.json"
    static let format = 1

    struct RunInfo {
        var id: Int
        var name: String?
        var recipeName: String
        var started: Date
        var command: String
    }

    struct Input: Equatable {
        var path: String
        var sha256: String
    }

    struct Environment {
        var lab: String
        var blas: String
        var cpu: String
        var host: String
        var threads: Int
        var jobs: Int

        /// The OpenBLAS kernel set in `blas` (`core Haswell: …`), or nil.
        var blasCore: String? {
            guard let range = blas.range(of: "core ") else { return nil }
            let rest = blas[range.upperBound...]
            return rest.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == ";" }).first.map(String.init)
        }

        /// The OpenBLAS version (`OpenBLAS 0.3.26`), or nil.
        var blasVersion: String? {
            let words = blas.split(separator: " ")
            guard let i = words.firstIndex(of: "OpenBLAS"), i + 1 < words.count else { return nil }
            return "OpenBLAS " + words[i + 1]
        }
    }

    struct Step {
        var id: String
        var op: String
        var version: Int
        var key: String
        var params: Value
        var inputs: [String: String]
        var files: [ArtifactFile]
        var metrics: OperationResult
    }

    var run: RunInfo
    var recipe: String
    var recipeSHA256: String
    var invocation: Invocation
    var profile: String?
    var overrides: [String: Value]
    var inputs: [Input]
    var environment: Environment
    var steps: [Step]
    var artifacts: [String]
    /// The recipe's git commit and cleanliness at the run (`GitProvenance.value`), or null.
    var provenance: Value = .null

    var value: Value {
        .object([
            "format": .int(Self.format),
            "run": .object(["id": .int(run.id), "name": run.name.map(Value.string) ?? .null,
                            "recipe_name": .string(run.recipeName),
                            "started": .string(ISO8601DateFormatter().string(from: run.started)),
                            "command": .string(run.command)]),
            "recipe": .string(recipe), "recipe_sha256": .string(recipeSHA256),
            "invocation": invocation.value,
            "profile": profile.map(Value.string) ?? .null, "overrides": .object(overrides),
            "inputs": .array(inputs.map { .object(["path": .string($0.path), "sha256": .string($0.sha256)]) }),
            "environment": .object(["lab": .string(environment.lab), "blas": .string(environment.blas),
                                    "openblas": environment.blasVersion.map(Value.string) ?? .null,
                                    "blas_core": environment.blasCore.map(Value.string) ?? .null,
                                    "cpu": .string(environment.cpu), "host": .string(environment.host),
                                    "threads": .int(environment.threads), "jobs": .int(environment.jobs)]),
            "steps": .array(steps.map { step in
                .object(["id": .string(step.id), "op": .string(step.op), "version": .int(step.version),
                         "key": .string(step.key), "params": step.params,
                         "inputs": .object(step.inputs.mapValues(Value.string)),
                         "files": .array(step.files.map { .object(["path": .string($0.path), "bytes": .int(Int($0.bytes)),
                                                                   "sha256": .string($0.sha256)]) }),
                         "metrics": step.metrics.value])
            }),
            "artifacts": .array(artifacts.map(Value.string)),
            "git": provenance,
        ])
    }

    /// Reads a lock; a message names the first thing missing or of the wrong shape.
    init(value: Value) throws {
        func need<T>(_ v: T?, _ what: String) throws -> T {
            guard let v else { throw ExportError("\(Self.fileName): \(what) missing or malformed") }
            return v
        }
        let format = try need(value["format"].intValue, "format")
        guard format == Self.format else {
            throw ExportError("\(Self.fileName) has format \(format); this lab reads format \(Self.format)")
        }
        let r = value["run"]
        run = RunInfo(id: try need(r["id"].intValue, "run.id"), name: r["name"].stringValue,
                      recipeName: r["recipe_name"].stringValue ?? "",
                      started: r["started"].stringValue.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date(timeIntervalSince1970: 0),
                      command: r["command"].stringValue ?? "")
        recipe = try need(value["recipe"].stringValue, "recipe")
        recipeSHA256 = try need(value["recipe_sha256"].stringValue, "recipe_sha256")
        invocation = try need(Invocation(value: value["invocation"]), "invocation")
        profile = value["profile"].stringValue
        overrides = value["overrides"].objectValue ?? [:]
        inputs = try need(value["inputs"].arrayValue, "inputs").map { item in
            Input(path: try need(item["path"].stringValue, "inputs[].path"), sha256: try need(item["sha256"].stringValue, "inputs[].sha256"))
        }
        let e = value["environment"]
        environment = Environment(lab: e["lab"].stringValue ?? "", blas: e["blas"].stringValue ?? "", cpu: e["cpu"].stringValue ?? "",
                                  host: e["host"].stringValue ?? "", threads: e["threads"].intValue ?? 0, jobs: e["jobs"].intValue ?? 0)
        steps = try need(value["steps"].arrayValue, "steps").map { s in
            let id = try need(s["id"].stringValue, "steps[].id")
            return Step(id: id, op: s["op"].stringValue ?? "", version: s["version"].intValue ?? 0,
                        key: try need(s["key"].stringValue, "key of step '\(id)'"), params: s["params"],
                        inputs: (s["inputs"].objectValue ?? [:]).compactMapValues(\.stringValue),
                        files: try need(s["files"].arrayValue, "files of step '\(id)'").map { f in
                            ArtifactFile(path: try need(f["path"].stringValue, "a file path of step '\(id)'"),
                                         bytes: Int64(f["bytes"].intValue ?? -1),
                                         sha256: try need(f["sha256"].stringValue, "a file hash of step '\(id)'"))
                        },
                        metrics: try need(OperationResult(value: s["metrics"]), "metrics of step '\(id)'"))
        }
        artifacts = (value["artifacts"].arrayValue ?? []).compactMap(\.stringValue)
        provenance = value["git"]
    }

    init(run: RunInfo, recipe: String, recipeSHA256: String, invocation: Invocation, profile: String?,
         overrides: [String: Value], inputs: [Input], environment: Environment, steps: [Step], artifacts: [String],
         provenance: Value = .null) {
        self.provenance = provenance
        self.run = run
        self.recipe = recipe
        self.recipeSHA256 = recipeSHA256
        self.invocation = invocation
        self.profile = profile
        self.overrides = overrides
        self.inputs = inputs
        self.environment = environment
        self.steps = steps
        self.artifacts = artifacts
    }
}
