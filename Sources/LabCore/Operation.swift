import Foundation

/// A built-in operation: the unit of work behind `op:` in a recipe.
///
/// The runner validates parameters against `params` (types, unknown names, defaults) before
/// anything runs, then calls `validate` for the checks only the operation knows (a range, a
/// divisibility), then `run` with a fresh output directory. An operation writes files only into
/// that directory, never prints, and reports progress through the context.
public protocol Operation: Sendable {
    /// The name used in recipes (`op: train`).
    var name: String { get }
    /// Bumped whenever the operation's outputs change for the same inputs; part of the cache key.
    var version: Int { get }
    /// One line for `lab ops`.
    var summary: String { get }
    /// A paragraph for `lab ops NAME`, naming every choice that is ours rather than a paper's.
    var doc: String { get }
    var params: [ParamSpec] { get }
    /// The parameter that holds a shell command, if any: references written inside it reach the
    /// command as environment variables set in `environment`, never as command text.
    var commandParameter: CommandParameter? { get }
    /// Whether the operation does matrix products (trains or runs a model): `lab run` then
    /// gives OpenBLAS the kernels matching the CPU before it starts (see the CLI's BLASStartup).
    var usesBLAS: Bool { get }
    /// Semantic checks on parameters with defaults filled in. Step references are still
    /// `StepReference` values here. Throws `OperationError` naming the parameter.
    func validate(_ params: [String: Value]) throws
    /// What each metric the operation returns means (shape, which way is better), so that
    /// views follow the declaration rather than the name. Undeclared metrics are shown plainly.
    var metrics: [MetricDeclaration] { get }
    /// What a Slurm job of this operation asks for when the step says nothing (`resources:`).
    var defaultResources: StepResources { get }
    /// Does the work. `context.params` has step references replaced by artifact directory paths.
    func run(_ context: OperationContext) throws -> OperationResult
}

extension Operation {
    public func validate(_ params: [String: Value]) throws {}
    public var commandParameter: CommandParameter? { nil }
    public var usesBLAS: Bool { false }
    public var metrics: [MetricDeclaration] { [] }
    public var defaultResources: StepResources { usesBLAS ? .numeric : .light }
}

/// Names a shell command parameter (`run`) and the mapping parameter (`env`) that receives the
/// values of the references written inside it.
public struct CommandParameter: Sendable, Equatable {
    public let command: String
    public let environment: String
    public init(command: String, environment: String) {
        self.command = command
        self.environment = environment
    }
}

/// What the executor hands an operation.
public struct OperationContext: Sendable {
    /// Parameters with defaults filled in; each `${steps.X}` is replaced by X's artifact
    /// directory path (a string), a gathered sweep by a list of paths.
    public let params: [String: Value]
    /// Empty directory to write outputs into; published atomically after `run` returns.
    public let outputDirectory: URL
    /// The recipe's directory: relative file parameters are resolved against it.
    public let recipeDirectory: URL
    /// Derived from the recipe seed and the step key: every random choice flows from it.
    public let seed: UInt64
    /// Threads the operation may use for numeric work.
    public let threads: Int
    /// The step's id in the run (`weighted[scheme=sparse(0.25)]`), for messages.
    public let stepID: String
    /// Progress for the terminal (a live line) — never printed by the operation itself.
    public let progress: @Sendable (Progress) -> Void
    /// Appends a line to the step's log (kept with the step, shown on failure).
    public let log: @Sendable (String) -> Void
    /// True once the user pressed Ctrl-C; long operations poll it and throw `OperationError.cancelled`.
    public let isCancelled: @Sendable () -> Bool

    public init(params: [String: Value], outputDirectory: URL, recipeDirectory: URL, seed: UInt64,
                threads: Int, stepID: String,
                progress: @escaping @Sendable (Progress) -> Void = { _ in },
                log: @escaping @Sendable (String) -> Void = { _ in },
                isCancelled: @escaping @Sendable () -> Bool = { false }) {
        self.params = params
        self.outputDirectory = outputDirectory
        self.recipeDirectory = recipeDirectory
        self.seed = seed
        self.threads = threads
        self.stepID = stepID
        self.progress = progress
        self.log = log
        self.isCancelled = isCancelled
    }

    /// A progress update: a short message and, when known, the fraction done.
    public struct Progress: Sendable {
        public let message: String
        public let fraction: Double?
        public init(_ message: String, fraction: Double? = nil) {
            self.message = message
            self.fraction = fraction
        }
    }
}

/// Metrics an operation returns: scalars, series (value per iteration, e.g. a loss curve),
/// labelled matrices (a NIAH grid, head scores) and per-item records (every sample's prompt,
/// answer, output and score: JSON objects, in order).
public struct OperationResult: Sendable, Equatable {
    public var scalars: [String: Double]
    public var series: [String: [SeriesPoint]]
    public var matrices: [String: MatrixResult]
    public var records: [String: [Value]]

    public init(scalars: [String: Double] = [:], series: [String: [SeriesPoint]] = [:],
                matrices: [String: MatrixResult] = [:], records: [String: [Value]] = [:]) {
        self.scalars = scalars
        self.series = series
        self.matrices = matrices
        self.records = records
    }
}

public struct SeriesPoint: Sendable, Equatable, Hashable {
    public let iteration: Int
    public let value: Double
    public init(iteration: Int, value: Double) {
        self.iteration = iteration
        self.value = value
    }
}

/// An operation's error: a bad parameter (named), a cancelled run, or a failure while running.
public enum OperationError: Error, CustomStringConvertible, Sendable {
    case badParameter(String, String)   // parameter name (dotted path), message
    case failed(String)
    case cancelled

    public var description: String {
        switch self {
        case .badParameter(let name, let message): return "parameter '\(name)': \(message)"
        case .failed(let message): return message
        case .cancelled: return "cancelled"
        }
    }
}
