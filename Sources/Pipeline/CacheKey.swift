import Foundation
import LabCore

/// The cache key of a step: hex SHA-256 of the canonical JSON of its keyed form,
///
///     {"scheme": 1, "op": "train", "version": 2,
///      "params": {... every `{"$step": id}` replaced by {"$key": <that step's key>} ...},
///      "files": {"data/corpus.txt": "<content sha-256>"},
///      "seed": 7,
///      "variant": {"rep": 2}}
///
/// `variant` holds the step's own sweep values (its `sweep:` keys and `rep` from `repeat:`),
/// so that two variants of one step never share a key even when no parameter uses the sweep
/// value; it is left out for a step without a sweep of its own (inherited sweep values already
/// reach the key through the keys of the steps it reads). File paths are written relative to
/// the recipe's directory (absolute only when the file lies outside it), so moving a workspace
/// with its recipes keeps every key. Parameters carry their
/// defaults filled in, so adding a default that equals the old behaviour keeps keys too.
public enum CacheKey {
    /// Bump whenever the keyed form or its hashing changes, so that old artifacts are never
    /// misread as outputs of the new scheme (Snakemake's caching/hash.py habit).
    /// 2: the step's own sweep values (`variant`) entered the keyed form.
    public static let schemeVersion = 2

    /// The marker replacing a step reference inside keyed parameters.
    public static let keyMarker = "$key"

    /// `filePaths` maps each file path as it appears in `params` (the resolver writes absolute
    /// paths) to its keyed spelling, so that parameters do not pin the workspace's location.
    public static func keyedForm(op: String, version: Int, params: [String: Value],
                                 dependencyKeys: [String: String], files: [String: String], filePaths: [String: String] = [:],
                                 seed: UInt64, variant: [String: Value] = [:]) -> Value {
        let withKeys = StepReference.substitute(in: .object(params)) { id in
            .object([keyMarker: .string(dependencyKeys[id] ?? "")])
        }
        let keyedParams = filePaths.isEmpty ? withKeys : replacingStrings(in: withKeys, filePaths)
        var form: [String: Value] = Dictionary(minimumCapacity: 7)   // no regrowth for `variant`
        form["scheme"] = .int(schemeVersion)
        form["op"] = .string(op)
        form["version"] = .int(version)
        form["params"] = keyedParams
        form["files"] = .object(files.mapValues(Value.string))
        // Seeds are UInt64; the bit pattern is kept so that large seeds stay distinct.
        form["seed"] = .int(Int(truncatingIfNeeded: seed))
        if !variant.isEmpty { form["variant"] = .object(variant) }
        return .object(form)
    }

    private static func replacingStrings(in value: Value, _ map: [String: String]) -> Value {
        switch value {
        case .string(let s): return map[s].map(Value.string) ?? value
        case .array(let items): return .array(items.map { replacingStrings(in: $0, map) })
        case .object(let o): return .object(o.mapValues { replacingStrings(in: $0, map) })
        default: return value
        }
    }

    public static func key(of keyedForm: Value) -> String { SHA256.hex(keyedForm.canonicalJSON) }

    /// The seed an operation receives: the first 8 bytes of SHA-256 of its key. The key already
    /// holds the recipe seed, so every random choice flows from both.
    public static func operationSeed(key: String) -> UInt64 {
        var hasher = SHA256()
        hasher.update(key)
        return hasher.finish().prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// A file path as it appears in the keyed form: relative to the recipe directory when inside it.
    public static func keyedPath(_ path: String, recipeDirectory: URL) -> String {
        let file = URL(fileURLWithPath: path).standardizedFileURL.path
        var base = recipeDirectory.standardizedFileURL.path
        if !base.hasSuffix("/") { base += "/" }
        return file.hasPrefix(base) ? String(file.dropFirst(base.count)) : file
    }
}
