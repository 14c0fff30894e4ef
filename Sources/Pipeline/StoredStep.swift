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
    /// Each regular file's modification time (nanoseconds since 1970) when it was published, so
    /// a reuse can skip rehashing files whose size and time are unchanged. Empty in a
    /// lab-step.json written before times were recorded: every file is then hashed.
    public var modificationTimes: [String: Int64]
    /// The `lab` that wrote the file (kept when the times are re-recorded).
    public var labVersion: String

    public init(key: String, step: Value, opVersion: Int, keyedForm: Value, result: OperationResult,
                files: [ArtifactFile], seconds: Double, modificationTimes: [String: Int64] = [:],
                labVersion: String = LabVersion.string) {
        self.key = key
        self.step = step
        self.opVersion = opVersion
        self.keyedForm = keyedForm
        self.result = result
        self.files = files
        self.seconds = seconds
        self.modificationTimes = modificationTimes
        self.labVersion = labVersion
    }

    public var value: Value {
        .object([
            "lab": .string(labVersion),
            "key": .string(key),
            "step": step,
            "opVersion": .int(opVersion),
            "keyed": keyedForm,
            "result": result.value,
            "files": .array(files.map { file in
                var entry: [String: Value] = ["path": .string(file.path), "bytes": .int(Int(file.bytes)),
                                              "sha256": .string(file.sha256)]
                if let time = modificationTimes[file.path] { entry["mtime_ns"] = .int(Int(time)) }
                return .object(entry)
            }),
            "seconds": .double(seconds),
        ])
    }

    public init(value: Value) throws(PipelineError) {
        guard let key = value["key"].stringValue, let opVersion = value["opVersion"].intValue,
              let result = OperationResult(value: value["result"]), let fileValues = value["files"].arrayValue
        else { throw .store("malformed \(StoredStep.fileName)") }
        var files: [ArtifactFile] = []
        var times: [String: Int64] = [:]
        for f in fileValues {
            guard let path = f["path"].stringValue, let bytes = f["bytes"].intValue, let sha = f["sha256"].stringValue
            else { throw .store("malformed file entry in \(StoredStep.fileName)") }
            files.append(ArtifactFile(path: path, bytes: Int64(bytes), sha256: sha))
            if let time = f["mtime_ns"].intValue { times[path] = Int64(time) }
        }
        self.init(key: key, step: value["step"], opVersion: opVersion, keyedForm: value["keyed"], result: result,
                  files: files, seconds: value["seconds"].doubleValue ?? 0, modificationTimes: times,
                  labVersion: value["lab"].stringValue ?? LabVersion.string)
    }
}
