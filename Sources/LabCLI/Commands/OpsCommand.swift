import LabCore

/// `lab ops [NAME]`: the built-in operations and their parameters.
enum OpsCommand: Command {
    static let name = "ops"
    static let summary = "list built-in operations, or document one"
    static let workspaceUse = WorkspaceUse.none
    static let usage = """
    Usage: lab ops [NAME]

    Without NAME, lists every built-in operation with one line each. With NAME, prints the
    operation's documentation, its parameters (type, default, range: every number has one,
    inclusive, checked when the recipe is planned; one line each) and the metrics it declares:
    shape (scalar, series over its x axis, matrix), which way is better, a matrix's colours,
    one line each. A * in a metric's name stands for any text.

    """

    static let methodsLine = "The methods behind these operations, and every choice that is ours rather than the papers': docs/METHODS.md"

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        let ops = BuiltinOperations.all
        guard let name = args.positionals.first else {
            if ops.isEmpty { env.output.line("(no operations yet)") }
            for op in ops.sorted(by: { $0.name < $1.name }) {
                env.output.line(op.name.padding(toLength: 12, withPad: " ", startingAt: 0) + op.summary)
            }
            env.output.line("\n\(Self.methodsLine)")
            return 0
        }
        guard let op = ops.first(where: { $0.name == name }) else {
            throw UsageError("unknown operation '\(name)'" + Suggestion.hint(for: name, among: ops.map(\.name)))
        }
        env.output.line("\(op.name) (version \(op.version)): \(op.summary)\n")
        env.output.line(op.doc + "\n")
        env.output.line("Parameters:")
        for p in op.params {
            let def = p.defaultValue.map { "default \($0.canonicalJSON)" } ?? "required"
            let range = p.range.map { ", range \($0)" } ?? ""
            env.output.line("  \(p.name) (\(p.type), \(def)\(range))\n      \(p.doc)")
        }
        env.output.line("\nMetrics:")
        if op.metrics.isEmpty {
            env.output.line("  none declared: the notebook judges which way is better from each metric's name")
        }
        for metric in op.metrics {
            env.output.line("  \(metric.name) (\(describe(metric)))\n      \(metric.meaning)")
        }
        env.output.line("\n\(Self.methodsLine)")
        return 0
    }

    /// `scalar, higher is better`; `series over distance bucket, …`; `matrix, …, red (low) → green (high) over 0...100`.
    static func describe(_ metric: MetricDeclaration) -> String {
        var parts: [String] = []
        switch metric.kind {
        case .scalar: parts.append("scalar")
        case .series(let x): parts.append("series over \(x)")
        case .matrix: parts.append("matrix")
        }
        switch metric.direction {
        case .higherIsBetter: parts.append("higher is better")
        case .lowerIsBetter: parts.append("lower is better")
        case .neither: parts.append("no better direction")
        }
        if case .matrix = metric.kind {
            let colours: String
            switch metric.palette {
            case .whiteToBlue: colours = "white (low) → blue (high)"
            case .redToGreen: colours = "red (low) → green (high)"
            case .greenToRed: colours = "green (low) → red (high)"
            }
            parts.append(colours + (metric.range.map { " over \(TableFormatter.number($0.lowerBound))...\(TableFormatter.number($0.upperBound))" } ?? ""))
        }
        return parts.joined(separator: ", ")
    }
}
