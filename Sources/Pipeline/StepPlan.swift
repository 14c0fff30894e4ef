import LabCore

/// What `lab plan` says about one step: its key, whether it would run, and why.
public struct StepPlan: Sendable {
    public enum Decision: String, Sendable {
        case cached     // its key is in the store: reused
        case new        // no recorded run of this recipe has this step id
        case changed    // recorded before under another key: `reasons` say what differs
        case rerun      // same key as last time but not in the store (it failed, or was removed)
        case forced     // `--force`
    }

    public let stepID: String
    public let key: String
    /// Ids of the steps it reads.
    public let dependencies: [String]
    public let decision: Decision
    /// One line each: "parameter steps 200 → 300", "input data changed (its key changed)",
    /// "file corpus.txt changed", "operation version 1 → 2", "seed 1 → 2", "forced", "new".
    public let reasons: [String]

    public var willRun: Bool { decision != .cached }
}

/// The plan of a whole recipe, steps in DAG order.
public struct Plan: Sendable {
    public let recipeName: String
    public let steps: [StepPlan]

    public var toRun: [StepPlan] { steps.filter(\.willRun) }

    /// The DAG as text, one step a line (key prefix, id, decision, `← dependencies`), with the
    /// reasons of each step that would run indented below it:
    ///
    ///     3f2a9c1e0b7d  data          cached
    ///     9a8b7c6d5e4f  transform     changed  ← data
    ///                     parameter scale 2 → 3
    public func text() -> String {
        let idWidth = min(40, (steps.map(\.stepID.count).max() ?? 4) + 2)
        var out = "\(recipeName): \(steps.count) step\(steps.count == 1 ? "" : "s"), \(toRun.count) to run\n"
        for s in steps {
            var line = String(s.key.prefix(12)) + "  " + s.stepID.padding(toLength: max(idWidth, s.stepID.count + 1), withPad: " ", startingAt: 0)
            line += s.decision.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
            if !s.dependencies.isEmpty { line += "← " + s.dependencies.joined(separator: ", ") }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
            if s.decision == .changed || s.decision == .rerun {
                for r in s.reasons { out += String(repeating: " ", count: 16) + r + "\n" }
            }
        }
        return out
    }
}
