import LabCore

extension LedgerStore {
    /// Compares runs (at least one); throws `.notFound` for an unknown run id.
    public func compare(_ runIDs: [Int]) throws -> RunComparison {
        var infos: [RunInfo] = []
        var stepsByRun: [[String: StepRecord]] = []
        var stepOrder: [(order: Int, id: String)] = []
        var seenSteps: Set<String> = []
        for id in runIDs {
            guard let info = try run(id) else { throw LedgerError.notFound("no run \(id) in the ledger") }
            infos.append(info)
            let steps = try steps(runID: id)
            stepsByRun.append(Dictionary(steps.map { ($0.stepID, $0) }, uniquingKeysWith: { a, _ in a }))
            for step in steps where seenSteps.insert(step.stepID).inserted { stepOrder.append((step.order, step.stepID)) }
        }
        var rows: [RunComparison.Row] = []
        func add(_ section: String, _ kind: RunComparison.Kind, _ name: String, op: String? = nil, _ value: (Int) -> Value) {
            rows.append(RunComparison.Row(section: section, kind: kind, name: name, values: runIDs.indices.map(value), op: op))
        }
        add("run", .setting, "recipe") { .string(infos[$0].recipeName) }
        add("run", .setting, "name") { infos[$0].name.map(Value.string) ?? .null }
        add("run", .setting, "tags") { infos[$0].tags.isEmpty ? .null : .string(infos[$0].tags.joined(separator: ",")) }
        add("run", .setting, "note") { infos[$0].note.map(Value.string) ?? .null }
        add("run", .setting, "profile") { infos[$0].profile.map(Value.string) ?? .null }
        // One row per overridden parameter (`set lr`), so that each cell is one value.
        for name in Set(infos.flatMap(\.overrides.keys)).sorted() {
            add("run", .setting, "set \(name)") { infos[$0].overrides[name] ?? .null }
        }
        add("run", .setting, "status") { .string(infos[$0].status.rawValue) }
        add("run", .setting, "lab version") { .string(infos[$0].labVersion) }
        add("run", .setting, "host") { .string(infos[$0].host) }
        add("run", .setting, "blas") { .string(infos[$0].blas) }
        add("run", .setting, "threads") { .int(infos[$0].threads) }
        add("run", .setting, "jobs") { .int(infos[$0].jobs) }

        // Stable sort: recipe order, then first appearance.
        for (_, stepID) in stepOrder.enumerated().sorted(by: { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }).map(\.element) {
            let steps = stepsByRun.map { $0[stepID] }
            let op = steps.compactMap { $0?.op }.first
            add(stepID, .status, "status", op: op) { steps[$0].map { .string($0.status.rawValue) } ?? .null }
            add(stepID, .key, "key", op: op) { steps[$0].map { .string($0.key) } ?? .null }
            let params = steps.map { $0.map { FlatParameters.flatten($0.params) } ?? [:] }
            for name in Set(params.flatMap(\.keys)).sorted() {
                add(stepID, .param, name, op: op) { params[$0][name] ?? .null }
            }
            let metrics = steps.map { $0?.result?.scalars ?? [:] }
            for name in Set(metrics.flatMap(\.keys)).sorted() {
                add(stepID, .metric, name, op: op) { metrics[$0][name].map(Value.double) ?? .null }
            }
        }
        return RunComparison(runIDs: runIDs, rows: rows)
    }
}
