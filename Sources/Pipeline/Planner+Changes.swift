import LabCore

extension Planner {
    /// Exactly what differs between a step now and its latest recorded run. The old keyed form
    /// comes from the old artifact's `lab-step.json` when it still exists (it knows file
    /// hashes, seed and input keys); otherwise from the ledger record (parameters, operation
    /// version) and the inputs' own latest records.
    func changes(_ step: KeyedStep, previous: StepRecord, keys: [String: String]) throws(PipelineError) -> [String] {
        var out: [String] = []
        let oldKeyed = (try? store.lookup(key: previous.key))?.keyedForm
        if previous.op != step.step.op {
            out.append("operation \(previous.op) → \(step.step.op)")
        } else if previous.opVersion != step.operation.version {
            out.append("operation version \(previous.opVersion) → \(step.operation.version)")
        }
        try diff(previous.params, .object(step.params), oldKeyed: oldKeyed?["params"], path: "", keys: keys, into: &out)
        if let oldKeyed {
            if oldKeyed["scheme"] != step.keyedForm["scheme"] {
                out.append("key scheme \(oldKeyed["scheme"].canonicalJSON) → \(step.keyedForm["scheme"].canonicalJSON)")
            }
            let oldFiles = oldKeyed["files"].objectValue ?? [:], newFiles = step.fileHashes
            for path in Set(oldFiles.keys).union(newFiles.keys).sorted() {
                switch (oldFiles[path]?.stringValue, newFiles[path]) {
                case (nil, _?): out.append("file \(path) added")
                case (_?, nil): out.append("file \(path) no longer read")
                case let (a?, b?) where a != b: out.append("file \(path) changed")
                default: break
                }
            }
            if oldKeyed["seed"] != step.keyedForm["seed"] {
                out.append("seed \(oldKeyed["seed"].canonicalJSON) → \(step.keyedForm["seed"].canonicalJSON)")
            }
        }
        if out.isEmpty {
            out.append(oldKeyed == nil
                ? "key changed: a file, the seed or the key scheme (the old artifact is gone, so lab cannot say which)"
                : "key changed")
        }
        return out
    }

    /// Structural comparison of parameters; nested members are named by dotted paths
    /// (`model.dim`), list items by index (`layers[2]`). A reference to the same step on both
    /// sides is compared by that step's key: "input data changed (its key changed)".
    private func diff(_ old: Value, _ new: Value, oldKeyed: Value?, path: String, keys: [String: String],
                      into out: inout [String]) throws(PipelineError) {
        if let newRef = StepReference.stepID(in: new) {
            if let oldRef = StepReference.stepID(in: old), oldRef == newRef {
                let oldKey: String?
                if let k = oldKeyed?[CacheKey.keyMarker].stringValue { oldKey = k } else { oldKey = try latest(newRef)?.key }
                if let oldKey, oldKey != keys[newRef] { out.append("input \(newRef) changed (its key changed)") }
                return
            }
            out.append("parameter \(path) \(show(old)) → \(show(new))")
            return
        }
        switch (old, new) {
        case let (.object(a), .object(b)) where StepReference.stepID(in: old) == nil:
            for name in Set(a.keys).union(b.keys).sorted() {
                let sub = path.isEmpty ? name : path + "." + name
                switch (a[name], b[name]) {
                case (nil, let v?): out.append("parameter \(sub) added (\(show(v)))")
                case (let v?, nil): out.append("parameter \(sub) removed (was \(show(v)))")
                case let (x?, y?): try diff(x, y, oldKeyed: oldKeyed?[name], path: sub, keys: keys, into: &out)
                default: break
                }
            }
        case let (.array(a), .array(b)) where a.count == b.count:
            let oldItems = oldKeyed?.arrayValue
            for i in a.indices {
                let k = oldItems.flatMap { i < $0.count ? $0[i] : nil }
                try diff(a[i], b[i], oldKeyed: k, path: "\(path)[\(i)]", keys: keys, into: &out)
            }
        default:
            if old != new {
                out.append("parameter \(path) \(show(old)) → \(show(new))")
            }
        }
    }

    /// A value as a reader wants it: JSON, with references spelt `${steps.X}`.
    private func show(_ value: Value) -> String {
        if let id = StepReference.stepID(in: value) { return "${steps.\(id)}" }
        switch value {
        case .array(let items): return "[" + items.map(show).joined(separator: ", ") + "]"
        case .object(let o) where o.values.contains(where: { StepReference.all(in: $0).count > 0 }):
            return "{" + o.keys.sorted().map { "\($0): \(show(o[$0]!))" }.joined(separator: ", ") + "}"
        default: return value.canonicalJSON
        }
    }
}
