import LabCore

extension TokenWeightScheme {
    /// Reads a spec as recipes write it: `uniform`, `dense(0.75)`, `sparse(kappa=0.25)`,
    /// `longce(5)`, `ppmi(2)`, `npmi(2; kappa=0.1)`,
    /// `custom(transforms=minus>shift(2)>max, kappa=0.25, norm=l1)`. Grammar in WEIGHTS.md.
    public init(parsing spec: String) throws {
        let (name, arguments) = try SchemeSpecReader(spec: spec).read()
        self = try Self.build(name: name, arguments: arguments, spec: spec)
    }

    /// Reads the string form, or the mapping form `{scheme: sparse, kappa: 0.25}` /
    /// `{scheme: custom, transforms: [minus, "shift 2", max], kappa: 0.25, norm: l1}`.
    public init(_ value: Value) throws {
        switch value {
        case .string(let spec):
            try self.init(parsing: spec)
        case .object(let members):
            guard let nameValue = members["scheme"] else {
                throw TokenWeightingError.badParameter("scheme", "a scheme mapping needs a 'scheme' key (e.g. {scheme: sparse, kappa: 0.25})")
            }
            guard let name = nameValue.stringValue else {
                throw TokenWeightingError.badParameter("scheme", "'scheme' must be a name, got \(nameValue.typeDescription)")
            }
            let rest = members.filter { $0.key != "scheme" }
            if name.contains("(") {
                guard rest.isEmpty else {
                    throw TokenWeightingError.syntax(spec: name, message: "give parameters either in the parentheses or as keys, not both")
                }
                try self.init(parsing: name)
                return
            }
            // Sorted so that the first error reported does not depend on dictionary order.
            let arguments = try rest.sorted { $0.key < $1.key }.map { key, member in
                SchemeSpecReader.Argument(key: key, value: try Self.rawValue(member, key: key))
            }
            self = try Self.build(name: name.trimmingWhitespace, arguments: arguments, spec: value.canonicalJSON)
        default:
            throw TokenWeightingError.badParameter("scheme", "expected a scheme name or a mapping, got \(value.typeDescription)")
        }
    }

    private static func rawValue(_ value: Value, key: String) throws -> SchemeSpecReader.RawValue {
        switch value {
        case .int, .double: return .number(value.doubleValue ?? .nan)
        case .string(let s): return SchemeSpecReader.rawValue(s.trimmingWhitespace)
        case .array(let items): return .list(try items.map { try rawValue($0, key: key) })
        default:
            throw TokenWeightingError.badParameter(key, "expected a number or a name, got \(value.typeDescription)")
        }
    }
}

// MARK: - Giving arguments their meaning

extension TokenWeightScheme {
    /// Canonical parameter keys, and the other spellings accepted for each.
    private static let aliases: [String: String] = [
        "lambda": "lambda", "λ": "lambda", "interpolation": "lambda",
        "kappa": "kappa", "κ": "kappa", "sparsity": "kappa", "sparsification": "kappa",
        "gamma": "gamma", "γ": "gamma", "truncation": "gamma",
        "shift": "shift", "s": "shift",
        "transforms": "transforms",
        "norm": "norm", "normalisation": "norm", "normalization": "norm",
    ]

    /// Keys each scheme takes; the first ones double as positional arguments, in order.
    private static func keys(of name: String) -> (positional: [String], all: [String]) {
        switch name {
        case "uniform": return ([], [])
        case "dense": return (["lambda"], ["lambda"])
        case "sparse": return (["kappa"], ["kappa"])
        case "longce": return (["gamma"], ["gamma"])
        case "ppmi", "npmi": return (["shift", "kappa"], ["shift", "kappa"])
        default: return ([], ["transforms", "gamma", "kappa", "norm", "lambda"])  // custom
        }
    }

    static func build(name rawName: String, arguments: [SchemeSpecReader.Argument], spec: String) throws -> TokenWeightScheme {
        let name = rawName.lowercased()
        guard names.contains(name) else {
            throw TokenWeightingError.unknownScheme(rawName, suggestion: Suggestion.nearest(to: rawName, among: names))
        }
        let (positional, allowed) = keys(of: name)
        var given: [String: SchemeSpecReader.RawValue] = [:]
        var position = 0
        for argument in arguments {
            let key: String
            if let written = argument.key {
                guard let canonical = aliases[written.lowercased()] ?? aliases[written], allowed.contains(canonical) else {
                    let hint = Suggestion.hint(for: written, among: allowed)
                    let takes = allowed.isEmpty ? "takes no parameters" : "takes \(allowed.joined(separator: ", "))"
                    throw TokenWeightingError.badParameter(written, "\(name) has no parameter '\(written)'\(hint); it \(takes)")
                }
                key = canonical
            } else {
                guard position < positional.count else {
                    let takes = positional.isEmpty ? "no positional parameters" : "at most \(positional.count) (\(positional.joined(separator: ", ")))"
                    throw TokenWeightingError.syntax(spec: spec, message: "too many parameters: \(name) takes \(takes)")
                }
                key = positional[position]
                position += 1
            }
            guard given[key] == nil else {
                throw TokenWeightingError.badParameter(key, "\(key) is given twice in '\(spec)'")
            }
            given[key] = argument.value
        }
        let p = Parameters(values: given, scheme: name)
        let scheme: TokenWeightScheme
        switch name {
        case "uniform": scheme = .uniform
        case "dense": scheme = .dense(lambda: try p.number("lambda") ?? referenceDenseLambda)
        case "sparse": scheme = .sparse(kappa: try p.required("kappa", example: "sparse(0.25)"))
        case "longce": scheme = .longce(gamma: try p.number("gamma") ?? referenceLongCEGamma)
        case "ppmi":
            scheme = .ppmi(shift: try p.required("shift", example: "ppmi(2)"), kappa: try p.number("kappa") ?? defaultPMIKappa)
        case "npmi":
            scheme = .npmi(shift: try p.required("shift", example: "npmi(2)"), kappa: try p.number("kappa") ?? defaultPMIKappa)
        default:
            scheme = .custom(try WeightConfig(transforms: try p.transforms(), truncation: try p.number("gamma"),
                                              sparsity: try p.number("kappa"), normalisation: try p.normalisation(),
                                              interpolation: try p.number("lambda")))
        }
        _ = try scheme.config()  // range checks (κ, λ, γ, s) with their messages
        return scheme
    }

    /// Typed access to the given arguments, with messages naming the parameter.
    private struct Parameters {
        let values: [String: SchemeSpecReader.RawValue]
        let scheme: String

        func number(_ key: String) throws -> Double? {
            guard let value = values[key] else { return nil }
            guard case .number(let x) = value else {
                throw TokenWeightingError.badParameter(key, "\(key) must be a number, got \(describe(value))")
            }
            return x
        }

        func required(_ key: String, example: String) throws -> Double {
            guard let x = try number(key) else {
                throw TokenWeightingError.badParameter(key, "\(scheme) needs \(key) (\(Self.symbol(key))), e.g. \(example)")
            }
            return x
        }

        func normalisation() throws -> WeightConfig.Normalisation {
            guard let value = values["norm"] else { return .none }
            guard case .word(let word) = value, let norm = WeightConfig.Normalisation(rawValue: word.lowercased()) else {
                let known = WeightConfig.Normalisation.allCases.map(\.rawValue)
                let hint: String
                if case .word(let word) = value { hint = Suggestion.hint(for: word, among: known) } else { hint = "" }
                throw TokenWeightingError.badParameter("norm", "unknown normalisation \(describe(value))\(hint); use none, l1 or softmax")
            }
            return norm
        }

        func transforms() throws -> [WeightConfig.Transform] {
            guard let value = values["transforms"] else { return [] }
            switch value {
            case .word(let chain):
                return try chain.split(separator: ">", omittingEmptySubsequences: false).map { try transform(String($0)) }
            case .list(let items):
                return try items.map { item in
                    guard case .word(let word) = item else {
                        throw TokenWeightingError.badParameter("transforms", "a transform must be a name, got \(describe(item))")
                    }
                    return try transform(word)
                }
            case .number:
                throw TokenWeightingError.badParameter("transforms", "expected transform names like minus>exp, got \(describe(value))")
            }
        }

        /// `absolute`, `minus`, `exp`, `max`, `shift(2)` or `shift 2`.
        private func transform(_ text: String) throws -> WeightConfig.Transform {
            let word = text.trimmingWhitespace
            switch word.lowercased() {
            case "absolute": return .absolute
            case "minus": return .minus
            case "exp": return .exp
            case "max": return .max
            default: break
            }
            if word.lowercased().hasPrefix("shift") {
                var argument = word.dropFirst("shift".count).trimmingCharacters(in: " ")
                if argument.hasPrefix("("), argument.hasSuffix(")") { argument = String(argument.dropFirst().dropLast()) }
                guard let s = Double(argument.trimmingWhitespace) else {
                    throw TokenWeightingError.badParameter("transforms", "shift needs a number, as in shift(2), got '\(word)'")
                }
                return .shift(s)
            }
            let hint = Suggestion.hint(for: word, among: WeightConfig.Transform.names)
            throw TokenWeightingError.badParameter("transforms", "unknown transform '\(word)'\(hint); known: absolute, minus, exp, max, shift(s)")
        }

        private func describe(_ value: SchemeSpecReader.RawValue) -> String {
            switch value {
            case .number(let x): return formatNumber(x)
            case .word(let w): return "'\(w)'"
            case .list: return "a list"
            }
        }

        static func symbol(_ key: String) -> String {
            ["lambda": "λ", "kappa": "κ", "gamma": "γ", "shift": "s"][key] ?? key
        }
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
