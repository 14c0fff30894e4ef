import LabCore

/// Stand-ins for the built-in operations: only their schemas and checks matter here.
struct FakeOperation: LabCore.Operation {
    let name: String
    var version = 1
    var summary: String { "fake \(name)" }
    var doc: String { "" }
    let params: [ParamSpec]
    var check: @Sendable ([String: Value]) throws -> Void = { _ in }

    func validate(_ params: [String: Value]) throws { try check(params) }
    func run(_ context: OperationContext) throws -> OperationResult { OperationResult() }
}

enum FakeOperations {
    static let schemes = ["uniform", "dense(0.75)", "sparse(0.25)", "longce(5)"]

    static let all: [String: any LabCore.Operation] = {
        let ops: [FakeOperation] = [
            FakeOperation(name: "corpus", params: [
                ParamSpec("task", .string, "task name"),
                ParamSpec("sequences", .int, default: 1000, "how many"),
                ParamSpec("length", .int, "tokens per sequence"),
            ]),
            FakeOperation(name: "tokenizer", params: [
                ParamSpec("text", .step, "corpus"),
                ParamSpec("vocab", .int, default: 256, "vocabulary size"),
            ]),
            FakeOperation(name: "train", params: [
                ParamSpec("data", .step, "corpus"),
                ParamSpec("tokenizer", .step, "tokenizer"),
                ParamSpec("model", .object, default: [:], "shape"),
                ParamSpec("steps", .int, default: 100, "iterations"),
                ParamSpec("lr", .double, default: 0.001, "learning rate"),
                ParamSpec("tag", .string, default: "", "a label"),
                ParamSpec("weights", .object, default: [:], "loss weights"),
            ], check: { params in
                if let scheme = params["weights"]?["scheme"].stringValue, !schemes.contains(scheme) {
                    throw OperationError.badParameter("weights.scheme", "unknown scheme '\(scheme)'")
                }
                if let steps = params["steps"]?.intValue, steps <= 0 {
                    throw OperationError.badParameter("steps", "must be positive")
                }
            }),
            FakeOperation(name: "evaluate", params: [
                ParamSpec("model", .step, "trained model"),
                ParamSpec("data", .step, "corpus"),
            ]),
            FakeOperation(name: "compare", params: [
                ParamSpec("models", .list(.step), "models to compare"),
            ]),
            FakeOperation(name: "summarize", params: [
                ParamSpec("models", .list(.step), "models to compare"),
            ]),
            FakeOperation(name: "shell", params: [
                ParamSpec("run", .string, "command"),
                ParamSpec("script", .file, default: Value.null, "script"),
                ParamSpec("inputs", .list(.file), default: [], "input files"),
                ParamSpec("extra", .any, default: Value.null, "anything"),
                ParamSpec("env", .object, default: [:], "environment variables"),
            ]),
        ]
        return Dictionary(uniqueKeysWithValues: ops.map { ($0.name, $0 as any LabCore.Operation) })
    }()
}
