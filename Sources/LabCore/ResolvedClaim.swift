/// One entry of a recipe's `claims:`, checked against the recipe's steps and sweeps: which
/// results it reads and what it expects of them. The CLI decides its verdict from the run's
/// replicates (`lab show`, the notebook's verdict table). Claims are not steps: they enter no
/// cache key, and are stored with the run only as part of the resolved recipe.
public struct ResolvedClaim: Sendable, Equatable {
    /// The replicates of one condition: the finished variants of `step` whose sweep values
    /// include every pair of `values` (all but `rep`, which the replicates differ in).
    public struct Selector: Sendable, Equatable {
        public struct Pick: Sendable, Equatable {
            public var key: String
            /// The sweep value as the step's variants carry it (`0.001` for a sweep written `1e-3`).
            public var value: Value
            public init(key: String, value: Value) {
                self.key = key
                self.value = value
            }
        }

        public var step: String
        /// In the order written in the claim.
        public var values: [Pick]

        public init(step: String, values: [Pick]) {
            self.step = step
            self.values = values
        }
    }

    /// `expect: {greater_than: X}` or `{less_than: X}` (`higher`, `lower`: X = 0).
    public enum Expectation: Sendable, Equatable {
        case greaterThan(Double)
        case lessThan(Double)

        public var threshold: Double {
            switch self {
            case .greaterThan(let x), .lessThan(let x): return x
            }
        }
    }

    /// The claim as the table shows it.
    public var text: String
    /// A scalar metric of the selected steps.
    public var metric: String
    public var variant: Selector
    /// With a baseline the claim is about variant − baseline; without, about the variant's mean.
    public var baseline: Selector?
    public var expectation: Expectation

    public init(text: String, metric: String, variant: Selector, baseline: Selector?, expectation: Expectation) {
        self.text = text
        self.metric = metric
        self.variant = variant
        self.baseline = baseline
        self.expectation = expectation
    }
}

extension ResolvedClaim {
    /// Stored in the run's resolved recipe (`claims`) and read back by `init?(_:)`.
    public var value: Value {
        var object: [String: Value] = [
            "claim": .string(text), "metric": .string(metric), "variant": variant.value,
            "expect": expectation.value,
        ]
        if let baseline { object["baseline"] = baseline.value }
        return .object(object)
    }

    /// nil for a value `value` did not write (a ledger edited by hand).
    public init?(_ value: Value) {
        guard let text = value["claim"].stringValue, let metric = value["metric"].stringValue,
              let variant = Selector(value["variant"]), let expectation = Expectation(value["expect"]) else { return nil }
        var baseline: Selector?
        if !value["baseline"].isNull {
            guard let selector = Selector(value["baseline"]) else { return nil }
            baseline = selector
        }
        self.init(text: text, metric: metric, variant: variant, baseline: baseline, expectation: expectation)
    }
}

extension ResolvedClaim.Selector {
    /// `{"step": "eval", "values": [{"key": "scheme", "value": "uniform"}]}` (a list: keys keep their order).
    var value: Value {
        .object(["step": .string(step),
                 "values": .array(values.map { .object(["key": .string($0.key), "value": $0.value]) })])
    }

    init?(_ value: Value) {
        guard let step = value["step"].stringValue, let items = value["values"].arrayValue else { return nil }
        var picks: [Pick] = []
        for item in items {
            guard let key = item["key"].stringValue, case .object(let members) = item, let pick = members["value"] else { return nil }
            picks.append(Pick(key: key, value: pick))
        }
        self.init(step: step, values: picks)
    }
}

extension ResolvedClaim.Expectation {
    var value: Value {
        switch self {
        case .greaterThan(let x): return .object(["greater_than": .double(x)])
        case .lessThan(let x): return .object(["less_than": .double(x)])
        }
    }

    init?(_ value: Value) {
        if let x = value["greater_than"].doubleValue { self = .greaterThan(x) }
        else if let x = value["less_than"].doubleValue { self = .lessThan(x) }
        else { return nil }
    }
}

extension ResolvedClaim.Selector {
    /// True when a step's sweep values (an object, as `ResolvedStep.variantValue` and the
    /// ledger keep them) carry every pick. Numbers compare as numbers: `1` picks `1.0`.
    public func matches(_ variant: Value) -> Bool {
        values.allSatisfy { Self.same(variant[$0.key], $0.value) }
    }

    static func same(_ a: Value, _ b: Value) -> Bool {
        if a == b { return true }
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return false
    }
}
