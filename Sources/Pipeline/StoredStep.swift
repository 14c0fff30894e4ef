import Foundation
import LabCore

/// The `lab-step.json` inside a published artifact: enough to reuse the step without the
/// ledger (its metrics and file list) and to explain a later change (its keyed form).
public struct StoredStep: Sendable {
    public static let fileName = "lab-step.json"

    public var key: String
    /// `ResolvedStep.resolvedValue` of the step that computed it (`.null` when read for a reuse).
    public var step: Value
    public var opVersion: Int
    /// The keyed form its key hashes (`.null` when read for a reuse).
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

extension StoredStep {
    /// lab-step.json read as a cache hit needs it: key, files with their times, metrics. The
    /// resolved step and keyed form (half the file) are skipped, left `.null`; no `Value` tree
    /// is built for the rest either: this runs for every cached step of every run.
    init(reuseBytes bytes: [UInt8]) throws(PipelineError) {
        var key: String?, opVersion: Int?, result: OperationResult?, files: [ArtifactFile]?
        var times: [String: Int64] = [:]
        var seconds = 0.0, labVersion = LabVersion.string
        var reader = JSONReader(bytes: bytes)
        do throws(JSONError) {
            try reader.readObject { reader, name throws(JSONError) in
                switch name {
                case "key": key = try reader.readString()
                case "opVersion": opVersion = try reader.readInt()
                case "result": result = OperationResult(value: try reader.readValue())
                case "files": files = try Self.readFiles(&reader, times: &times)
                case "seconds": seconds = try reader.readDouble()
                case "lab": labVersion = try reader.readString()
                default: try reader.skipValue()
                }
            }
            try reader.finish()
        } catch {
            throw .store("\(error)")
        }
        guard let key, let opVersion, let result, let files else { throw .store("malformed \(StoredStep.fileName)") }
        self.init(key: key, step: .null, opVersion: opVersion, keyedForm: .null, result: result, files: files,
                  seconds: seconds, modificationTimes: times, labVersion: labVersion)
    }

    /// The `files` list: path, bytes and sha256 required, `mtime_ns` when recorded.
    private static func readFiles(_ reader: inout JSONReader, times: inout [String: Int64]) throws(JSONError) -> [ArtifactFile]? {
        var files: [ArtifactFile] = []
        var complete = true
        try reader.readArray { reader throws(JSONError) in
            var path: String?, bytes: Int?, sha: String?, time: Int?
            try reader.readObject { reader, name throws(JSONError) in
                switch name {
                case "path": path = try reader.readString()
                case "bytes": bytes = try reader.readInt()
                case "sha256": sha = try reader.readString()
                case "mtime_ns": time = try reader.readInt()
                default: try reader.skipValue()
                }
            }
            guard let path, let bytes, let sha else { complete = false; return }
            files.append(ArtifactFile(path: path, bytes: Int64(bytes), sha256: sha))
            if let time { times[path] = Int64(time) }
        }
        return complete ? files : nil
    }
}
