import LabCore
import Notebook

/// The variants of one swept recipe step in a run (`weighted[scheme=uniform]`,
/// `weighted[scheme=dense(0.75)]`, …), in recipe (grid) order.
struct SweepGroup {
    /// The recipe step name (`weighted`).
    var name: String
    /// Its title, or its name.
    var displayName: String
    /// Sweep keys in recipe order (read from the step ids, since the variant object is unordered).
    var keys: [String]
    var variants: [StepRecord]

    /// Every recipe step with at least two variants in the run, in recipe order.
    static func groups(in steps: [StepRecord]) -> [SweepGroup] {
        var order: [String] = []
        var byName: [String: [StepRecord]] = [:]
        for step in steps where !(step.variant.objectValue ?? [:]).isEmpty {
            if byName[step.name] == nil { order.append(step.name) }
            byName[step.name, default: []].append(step)
        }
        return order.compactMap { name in
            guard let variants = byName[name], variants.count >= 2 else { return nil }
            let keys = variants.reduce(into: [String]()) { keys, step in
                // Variants of one step share their keys: ordered again only when one is new.
                guard (step.variant.objectValue ?? [:]).keys.contains(where: { !keys.contains($0) }) else { return }
                for key in orderedKeys(of: step) where !keys.contains(key) { keys.append(key) }
            }
            // A title that interpolates the sweep value ("Evaluation, uniform") names one variant,
            // not the group: then the step name stands for all of them.
            let titles = Set(variants.map { $0.title ?? name })
            let displayName = titles.count == 1 ? (variants[0].title ?? name) : name
            return SweepGroup(name: name, displayName: displayName, keys: keys, variants: variants)
        }
    }

    /// The variant's sweep values in `keys` order (empty where a variant lacks a key).
    func values(of step: StepRecord) -> [String] {
        keys.map { key in step.variant[key].isNull ? "" : NotebookFormat.value(step.variant[key]) }
    }

    /// `sparse(0.25)` for one sweep key; `lr=0.001, dim=64` for several.
    func label(of step: StepRecord) -> String {
        let values = values(of: step)
        if keys.count == 1 { return values[0] }
        return zip(keys, values).map { "\($0)=\($1)" }.joined(separator: ", ")
    }

    /// Sweep keys of a step in recipe order: their order in the step id
    /// (`grid[lr=0.001,dim=64]`); keys the id does not show follow, sorted.
    static func orderedKeys(of step: StepRecord) -> [String] {
        let keys = (step.variant.objectValue ?? [:]).keys.sorted()
        guard let open = step.stepID.firstIndex(of: "[") else { return keys }
        let inside = step.stepID[open...]
        func position(_ key: String) -> Int? {
            for prefix in ["[", ","] {
                if let range = inside.range(of: prefix + key + "=") {
                    return inside.distance(from: inside.startIndex, to: range.lowerBound)
                }
            }
            return nil
        }
        let placed = keys.compactMap { key in position(key).map { (key, $0) } }.sorted { $0.1 < $1.1 }.map(\.0)
        return placed + keys.filter { !placed.contains($0) }
    }
}
