internal import YAML
import LabCore

/// The checks behind `RecipeDocument.init(root:file:)`, each throwing at the node at fault.
struct ShapeReader {
    let file: String

    func error(_ mark: Mark?, _ message: String) -> RecipeError {
        RecipeError(file: file, mark: mark, message)
    }

    /// Unknown keys are errors, with the nearest known key as a suggestion.
    func checkKeys(_ pairs: [(key: YAMLNode, value: YAMLNode)], known: [String], what: String) throws(RecipeError) {
        for pair in pairs {
            let key = pair.key.scalarText ?? ""
            guard !known.contains(key) else { continue }
            let hint = Suggestion.hint(for: key, among: known)
            throw error(pair.key.mark, "unknown \(what) '\(key)'" + (hint.isEmpty ? " (known: \(known.joined(separator: ", ")))" : hint))
        }
    }

    /// A scalar read as text, whatever its style (`name: 12` is the text "12").
    func text(_ node: YAMLNode, _ what: String) throws(RecipeError) -> String {
        guard let text = node.scalarText else { throw error(node.mark, "\(what) must be text, not \(node.kindDescription)") }
        return text
    }

    /// `seed: 7` or `seed: ${s}`.
    func seed(_ node: YAMLNode) throws(RecipeError) -> SeedDeclaration {
        if let template = try ScalarTemplate.of(node, file: file) {
            guard let (reference, offset) = template.template.soleReference, case .param(let name) = reference else {
                throw error(node.mark, "'seed' must be a non-negative integer or one parameter reference like "
                            + "${seed_param}, not '\(node.compactDescription)'")
            }
            return SeedDeclaration(source: .parameter(name, template.mark(of: offset)), mark: node.mark)
        }
        guard case .int(let seed)? = node.typedScalar, seed >= 0 else {
            throw error(node.mark, "'seed' must be a non-negative integer, not '\(node.compactDescription)'")
        }
        return SeedDeclaration(source: .literal(UInt64(seed)), mark: node.mark)
    }

    /// Names of parameters, steps and sweep keys appear in ids and references.
    func checkName(_ name: String, at mark: Mark, _ what: String) throws(RecipeError) {
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        guard allowed, !name.isEmpty else {
            throw error(mark, "\(what) '\(name)' may only contain letters, digits, '-' and '_'")
        }
    }

    func mapping(_ node: YAMLNode, _ what: String) throws(RecipeError) -> [(key: YAMLNode, value: YAMLNode)] {
        guard let pairs = node.mappingPairs else { throw error(node.mark, "\(what) must be a mapping, not \(node.kindDescription)") }
        return pairs
    }

    func params(_ node: YAMLNode) throws(RecipeError) -> [ParamDeclaration] {
        var declarations: [ParamDeclaration] = []
        for pair in try mapping(node, "'params'") {
            let name = pair.key.scalarText ?? ""
            try checkName(name, at: pair.key.mark, "parameter name")
            guard name != SeedDeclaration.key else {
                throw error(pair.key.mark, "parameter name 'seed' is reserved for the recipe seed (--set seed=N sets it); "
                            + "name the parameter differently and write 'seed: ${name}'")
            }
            declarations.append(ParamDeclaration(name: name, value: pair.value.labValue, keyMark: pair.key.mark))
        }
        return declarations
    }

    func profiles(_ node: YAMLNode) throws(RecipeError) -> [ProfileDeclaration] {
        var profiles: [ProfileDeclaration] = []
        for pair in try mapping(node, "'profiles'") {
            let name = pair.key.scalarText ?? ""
            let overrides = try mapping(pair.value, "profile '\(name)'").map {
                (name: $0.key.scalarText ?? "", keyMark: $0.key.mark, value: $0.value)
            }
            profiles.append(ProfileDeclaration(name: name, keyMark: pair.key.mark, overrides: overrides))
        }
        return profiles
    }

    func steps(_ node: YAMLNode) throws(RecipeError) -> [StepDeclaration] {
        let pairs = try mapping(node, "'steps'")
        guard !pairs.isEmpty else { throw error(node.mark, "'steps' is empty: a recipe needs at least one step") }
        var steps: [StepDeclaration] = []
        for (index, pair) in pairs.enumerated() {
            steps.append(try step(name: pair.key, body: pair.value, index: index))
        }
        return steps
    }

    func step(name nameNode: YAMLNode, body: YAMLNode, index: Int) throws(RecipeError) -> StepDeclaration {
        let name = nameNode.scalarText ?? ""
        try checkName(name, at: nameNode.mark, "step name")
        guard let pairs = body.mappingPairs else {
            throw error(body.mark, "step '\(name)' must be a mapping with 'op' and 'with', not \(body.kindDescription)")
        }
        try checkKeys(pairs, known: RecipeDocument.stepKeys, what: "step key")
        guard let opNode = body["op"] else { throw error(nameNode.mark, "step '\(name)' has no 'op'") }
        let op = try text(opNode, "'op'")

        var with: [(key: String, keyMark: Mark, value: YAMLNode)] = []
        if let withNode = body["with"], !(withNode.typedScalar == .null) {
            with = try mapping(withNode, "'with' of step '\(name)'").map {
                (key: $0.key.scalarText ?? "", keyMark: $0.key.mark, value: $0.value)
            }
        }
        var sweep: [SweepAxis] = []
        if let sweepNode = body["sweep"] {
            for pair in try mapping(sweepNode, "'sweep' of step '\(name)'") {
                let key = pair.key.scalarText ?? ""
                try checkName(key, at: pair.key.mark, "sweep key")
                if let template = try ScalarTemplate.of(pair.value, file: file), let (reference, _) = template.template.soleReference,
                   case .param(let parameter) = reference {
                    sweep.append(SweepAxis(key: key, keyMark: pair.key.mark, values: [pair.value], listParameter: parameter))
                    continue
                }
                guard let values = pair.value.sequenceItems else {
                    throw error(pair.value.mark, "sweep '\(key)' must be a list of values, or one parameter holding a list "
                                + "(\(key): \"${name}\"), not \(pair.value.kindDescription)")
                }
                guard !values.isEmpty else { throw error(pair.value.mark, "sweep '\(key)' has no values") }
                sweep.append(SweepAxis(key: key, keyMark: pair.key.mark, values: values))
            }
        }
        let replicates = try body["repeat"].map { node throws(RecipeError) in try self.replicates(node, sweep: sweep) }
        let note = try body["note"].map { node throws(RecipeError) in try text(node, "'note'") }
        if let title = body["title"], title.scalarText == nil {
            throw error(title.mark, "'title' must be text, not \(title.kindDescription)")
        }
        let resources = try body["resources"].map { node throws(RecipeError) in try self.resources(node, step: name) }
        return StepDeclaration(name: name, keyMark: nameNode.mark, index: index, op: op, opMark: opNode.mark,
                               title: body["title"], note: note, with: with, sweep: sweep, replicates: replicates,
                               resources: resources)
    }

    /// `repeat: N`, N in 1...1000; it sweeps `rep`, so the step may not sweep `rep` itself.
    func replicates(_ node: YAMLNode, sweep: [SweepAxis]) throws(RecipeError) -> Replicates {
        let range = Replicates.range
        guard case .int(let count)? = node.typedScalar, range.contains(count) else {
            throw error(node.mark, "'repeat' must be an integer from \(range.lowerBound) to \(range.upperBound), "
                        + "not '\(node.compactDescription)'")
        }
        if let clash = sweep.first(where: { $0.key == Replicates.key }) {
            throw error(clash.keyMark, "sweep key '\(Replicates.key)' is taken by 'repeat' (which sweeps "
                        + "\(Replicates.key) = 1...N): drop one of them")
        }
        return Replicates(count: count, mark: node.mark)
    }
}
