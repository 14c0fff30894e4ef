import Foundation
import LabCore

/// The `lab-step.json` inside a published artifact: enough to reuse the step without the
/// ledger (its metrics and file list) and to explain a later change (its keyed form).
public struct StoredStep: Sendable {
    public static let fileName = "lab-step.json"

    public var key: String
    /// `ResolvedStep.resolvedValue` of the step that computed it.
    public var step: Value
    public var opVersion: Int
    public var keyedForm: Value
    public var result: OperationResult
    /// Every file of the artifact except `lab-step.json` itself, sorted by path.
    public var files: [ArtifactFile]
    /// How long the computation took.
    public var seconds: Double

    public init(key: String, step: Value, opVersion: Int, keyedForm: Value, result: OperationResult,
                files: [ArtifactFile], seconds: Double) {
        self.key = key
        self.step = step
        self.opVersion = opVersion
        self.keyedForm = keyedForm
        self.result = result
        self.files = files
        self.seconds = seconds
    }

    public var value: Value {
        .object([
            "lab": .string(LabVersion.string),
            "key": .string(key),
            "step": step,
            "opVersion": .int(opVersion),
            "keyed": keyedForm,
            "result": result.value,
            "files": .array(files.map { .object(["path": .string($0.path), "bytes": .int(Int($0.bytes)),
                                                 "sha256": .string($0.sha256)]) }),
            "seconds": .double(seconds),
        ])
    }

    public init(value: Value) throws(PipelineError) {
        guard let key = value["key"].stringValue, let opVersion = value["opVersion"].intValue,
              let result = OperationResult(value: value["result"]), let fileValues = value["files"].arrayValue
        else { throw .store("malformed \(StoredStep.fileName)") }
        var files: [ArtifactFile] = []
        for f in fileValues {
            guard let path = f["path"].stringValue, let bytes = f["bytes"].intValue, let sha = f["sha256"].stringValue
            else { throw .store("malformed file entry in \(StoredStep.fileName)") }
            files.append(ArtifactFile(path: path, bytes: Int64(bytes), sha256: sha))
        }
        self.init(key: key, step: value["step"], opVersion: opVersion, keyedForm: value["keyed"], result: result,
                  files: files, seconds: value["seconds"].doubleValue ?? 0)
    }
}
