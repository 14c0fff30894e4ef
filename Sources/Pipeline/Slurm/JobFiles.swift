import Foundation
import LabCore

/// The files through which a coordinator and its Slurm job of one key talk, in the store the
/// job publishes into (today the workspace's `artifacts/`; a shared `--store DIR` later: only
/// `directory` changes):
///
///     artifacts/.jobs/<key>.job        the job computing <key>: {"job": "123", "step": …}; written
///                                      at submission, read to adopt a job after a coordinator died
///     artifacts/.jobs/<key>.spec.json  the step's resolved form, read by `lab step-job`
///     artifacts/.jobs/<key>.sh         the job script (every word quoted)
///     artifacts/.jobs/<key>.out        Slurm's output of the job (stdout and stderr)
///     artifacts/.jobs/<key>.progress   the step's latest progress, rewritten by the job
///     artifacts/.jobs/<key>.result     how the step ended, written last by the job
///
/// The coordinator removes them once the step is recorded (the output is kept beside the
/// step's log in `experiments/run-N/logs/`).
public struct JobFiles: Sendable {
    public let directory: URL
    public let key: String

    public init(storeDirectory: URL, key: String) {
        directory = storeDirectory.appendingPathComponent(".jobs", isDirectory: true)
        self.key = key
    }

    public var record: URL { file("job") }
    public var spec: URL { file("spec.json") }
    public var script: URL { file("sh") }
    public var output: URL { file("out") }
    public var progress: URL { file("progress") }
    public var result: URL { file("result") }

    private func file(_ suffix: String) -> URL { directory.appendingPathComponent(key + "." + suffix) }

    /// Everything but the Slurm output (kept for a failure's tail until the next submission).
    public func removeAll(keepingOutput: Bool = false) {
        for url in [record, spec, script, progress, result] + (keepingOutput ? [] : [output]) {
            try? FileManager.default.removeItem(at: url)
        }
    }

    /// Writes `value` as JSON to `url` atomically (a temporary file renamed over it).
    static func write(_ value: Value, to url: URL) throws(PipelineError) {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max))")
        do {
            try Data(value.prettyJSON.utf8).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw PipelineError.store("cannot write \(url.path): \(String(cString: strerror(errno)))")
            }
        } catch let e as PipelineError {
            try? FileManager.default.removeItem(at: temporary)
            throw e
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .store("cannot write \(url.path): \(PipelineError.reason(error))")
        }
    }

    /// The JSON value in `url`, or nil when it is missing or unreadable.
    static func read(_ url: URL) -> Value? {
        guard let bytes = FileBytes.contents(atPath: url.path) else { return nil }
        return try? Value.parseJSON(bytes: bytes)
    }
}
