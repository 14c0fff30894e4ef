import Foundation
import LabCore

/// A step with everything the executor and the planner need: its operation, parameters with
/// defaults filled in, keyed form and key.
public struct KeyedStep: Sendable {
    public let step: ResolvedStep
    public let operation: any LabCore.Operation
    /// `step.params` plus the operation's defaults for anything missing.
    public let params: [String: Value]
    /// Keyed file path → content SHA-256.
    public let fileHashes: [String: String]
    public let keyedForm: Value
    public let key: String

    public var id: String { step.id }
}

extension KeyedStep {
    /// Keys for every step of `graph`, computed in topological order (a key needs the keys of
    /// the steps it reads). Each file is hashed once even when several steps read it.
    public static func all(graph: StepGraph, operations: [String: any LabCore.Operation], recipeDirectory: URL,
                           seed: UInt64) throws(PipelineError) -> [KeyedStep] {
        var keys: [String: String] = [:]
        var fileHashCache: [String: String] = [:]
        var result: [KeyedStep] = []
        result.reserveCapacity(graph.steps.count)
        for step in graph.steps {
            guard let op = operations[step.op] else {
                throw .unknownOperation(step: step.id, op: step.op, known: operations.keys.sorted())
            }
            var params = step.params
            for spec in op.params where params[spec.name] == nil {
                if let d = spec.defaultValue { params[spec.name] = d }
            }
            var files: [String: String] = [:]
            var filePaths: [String: String] = [:]
            for path in step.files {
                let absolute = path.hasPrefix("/") ? URL(fileURLWithPath: path).standardizedFileURL.path
                    : recipeDirectory.appendingPathComponent(path).standardizedFileURL.path
                let hash: String
                if let cached = fileHashCache[absolute] { hash = cached } else {
                    do { hash = try SHA256.hex(fileAt: URL(fileURLWithPath: absolute)) } catch {
                        throw .unreadableFile(step: step.id, path: path, reason: PipelineError.reason(error))
                    }
                    fileHashCache[absolute] = hash
                }
                let keyedPath = CacheKey.keyedPath(absolute, recipeDirectory: recipeDirectory)
                files[keyedPath] = hash
                filePaths[path] = keyedPath
                filePaths[absolute] = keyedPath
            }
            let form = CacheKey.keyedForm(op: op.name, version: op.version, params: params, dependencyKeys: keys,
                                          files: files, filePaths: filePaths, seed: seed, variant: step.ownVariant)
            let key = CacheKey.key(of: form)
            keys[step.id] = key
            result.append(KeyedStep(step: step, operation: op, params: params, fileHashes: files,
                                    keyedForm: form, key: key))
        }
        return result
    }
}

extension PipelineError {
    /// A short reason from a Foundation/POSIX error, without the object dump.
    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError || ns.code == NSFileNoSuchFileError {
            return "no such file"
        }
        return ns.localizedDescription
    }
}
