internal import YAML
import LabCore

/// `claims:`: a list of mappings, each read into a `ClaimDeclaration`.
extension ShapeReader {
    func claims(_ node: YAMLNode) throws(RecipeError) -> [ClaimDeclaration] {
        if node.typedScalar == .null { return [] }
        guard let items = node.sequenceItems else {
            throw error(node.mark, "'claims' must be a list of claims (each '- claim: …'), not \(node.kindDescription)")
        }
        var claims: [ClaimDeclaration] = []
        for item in items { claims.append(try claim(item)) }
        return claims
    }

    func claim(_ node: YAMLNode) throws(RecipeError) -> ClaimDeclaration {
        guard let pairs = node.mappingPairs else {
            throw error(node.mark, "a claim must be a mapping with claim, step, metric and expect, not \(node.kindDescription)")
        }
        try checkKeys(pairs, known: ClaimDeclaration.keys, what: "claim key")
        func required(_ key: String) throws(RecipeError) -> YAMLNode {
            guard let value = node[key] else { throw error(node.mark, "the claim has no '\(key)'") }
            return value
        }
        let textNode = try required("claim")
        let text = try self.text(textNode, "'claim'")
        guard !text.trimmingSpaces.isEmpty else { throw error(textNode.mark, "'claim' must not be empty: it is the claim's text") }
        let stepNode = try required("step")
        let step = try self.text(stepNode, "'step'")
        let metricNode = try required("metric")
        let metric = try self.text(metricNode, "'metric'")
        guard !metric.isEmpty else { throw error(metricNode.mark, "'metric' must name a scalar metric of step '\(step)'") }
        let expectation = try expectation(try required("expect"))
        let variant = try node["variant"].map { value throws(RecipeError) in try selector(value, "variant") }
            ?? SelectorDeclaration.none
        let baseline = try node["baseline"].map { value throws(RecipeError) in try selector(value, "baseline") }
        let baselineStep = try node["baseline_step"].map { value throws(RecipeError) in
            (name: try self.text(value, "'baseline_step'"), mark: value.mark)
        }
        return ClaimDeclaration(text: text, mark: node.mark, step: step, stepMark: stepNode.mark, metric: metric,
                                variant: variant, baseline: baseline, baselineStep: baselineStep, expectation: expectation)
    }

    /// `{scheme: uniform, lr: 1e-3}`: sweep keys with one value each (a list or a mapping for a
    /// sweep over lists or mappings).
    func selector(_ node: YAMLNode, _ what: String) throws(RecipeError) -> SelectorDeclaration {
        if node.typedScalar == .null { return SelectorDeclaration(entries: [], mark: node.mark) }
        guard let pairs = node.mappingPairs else {
            throw error(node.mark, "'\(what)' must be a mapping of sweep values like {scheme: uniform}, not \(node.kindDescription)")
        }
        var entries: [(key: String, keyMark: Mark, value: YAMLNode)] = []
        for pair in pairs {
            let key = pair.key.scalarText ?? ""
            try checkName(key, at: pair.key.mark, "sweep key")
            entries.append((key, pair.key.mark, pair.value))
        }
        return SelectorDeclaration(entries: entries, mark: node.mark)
    }

    /// `higher` (> 0), `lower` (< 0), `{greater_than: X}` or `{less_than: X}`.
    func expectation(_ node: YAMLNode) throws(RecipeError) -> ResolvedClaim.Expectation {
        let forms = "'higher', 'lower', {greater_than: X} or {less_than: X}"
        if let word = node.scalarText {
            switch word {
            case "higher": return .greaterThan(0)
            case "lower": return .lessThan(0)
            default:
                throw error(node.mark, "'expect' must be \(forms), not '\(node.compactDescription)'"
                            + Suggestion.hint(for: word, among: ["higher", "lower"]))
            }
        }
        guard let pairs = node.mappingPairs, pairs.count == 1, let pair = pairs.first else {
            throw error(node.mark, "'expect' must be \(forms) (one of them), not '\(node.compactDescription)'")
        }
        let key = pair.key.scalarText ?? ""
        guard key == "greater_than" || key == "less_than" else {
            throw error(pair.key.mark, "unknown expectation '\(key)'" + Suggestion.hint(for: key, among: ["greater_than", "less_than"])
                        + " ('expect' must be \(forms))")
        }
        let threshold: Double
        switch pair.value.typedScalar {
        case .int(let n)?: threshold = Double(n)
        case .double(let x)? where x.isFinite: threshold = x
        default:
            throw error(pair.value.mark, "'expect.\(key)' must be a finite number, not '\(pair.value.compactDescription)'")
        }
        return key == "greater_than" ? .greaterThan(threshold) : .lessThan(threshold)
    }
}
