/// What a step asks of a cluster node (`resources: {cpus: 2, mem: 4G, time: 30m}` on a step):
/// used only when steps run as Slurm jobs, never part of a key (results do not depend on the
/// threads, the kernels are thread-invariant). A step's own values override its operation's
/// defaults (`Operation.defaultResources`) field by field.
public struct StepResources: Sendable, Equatable {
    /// CPUs of the job (`--cpus-per-task`); the operation's thread count.
    public var cpus: Int?
    /// Memory of the job as Slurm spells it (`--mem`): a whole number with K, M, G or T.
    public var memory: String?
    /// Wall-time limit in seconds (`--time`, rounded up to whole minutes).
    public var seconds: Int?

    public init(cpus: Int? = nil, memory: String? = nil, seconds: Int? = nil) {
        self.cpus = cpus
        self.memory = memory
        self.seconds = seconds
    }

    /// One job's worth for light work (data, tokenizers, shell steps).
    public static let light = StepResources(cpus: 1, memory: "2G", seconds: 3600)
    /// For operations that train or run a model (`usesBLAS`).
    public static let numeric = StepResources(cpus: 2, memory: "4G", seconds: 4 * 3600)

    /// `self`, with `defaults` filling what it leaves out.
    public func over(_ defaults: StepResources) -> StepResources {
        StepResources(cpus: cpus ?? defaults.cpus, memory: memory ?? defaults.memory, seconds: seconds ?? defaults.seconds)
    }

    /// `time` as Slurm takes it: whole minutes, rounded up (`--time=30`).
    public var slurmMinutes: String? { seconds.map { String(max(1, ($0 + 59) / 60)) } }

    /// The recipe spelling as a value (`{"cpus": 2, "mem": "4G", "time": 1800}`), fields set only.
    public var value: Value {
        var o: [String: Value] = [:]
        if let cpus { o["cpus"] = .int(cpus) }
        if let memory { o["mem"] = .string(memory) }
        if let seconds { o["time"] = .int(seconds) }
        return .object(o)
    }

    /// From `value` (as written by `value`); nil when it is not an object.
    public init?(value: Value) {
        guard case .object(let o) = value else { return nil }
        self.init(cpus: o["cpus"]?.intValue, memory: o["mem"]?.stringValue, seconds: o["time"]?.intValue)
    }

    /// `4G`, `512M`, `100000K`, `1T` (Slurm's units; a plain number is megabytes to Slurm, so
    /// a unit is required here to avoid surprises). Nil when malformed.
    public static func memory(_ text: String) -> String? {
        guard let unit = text.last, "KMGT".contains(unit.uppercased()) else { return nil }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let n = Int(digits), n > 0 else { return nil }
        return String(n) + unit.uppercased()
    }

    /// `90s`, `30m`, `2h`, `1d`, or a bare number of minutes, in seconds. Nil when malformed.
    public static func duration(_ text: String) -> Int? {
        var digits = Substring(text)
        var scale = 60
        if let unit = text.last, !unit.isASCIIDigit {
            switch unit {
            case "s": scale = 1
            case "m": scale = 60
            case "h": scale = 3600
            case "d": scale = 86400
            default: return nil
            }
            digits = text.dropLast()
        }
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCIIDigit), let n = Int(digits), n > 0 else { return nil }
        return n * scale
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
