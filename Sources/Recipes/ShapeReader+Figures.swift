internal import YAML
import LabCore

/// `figures:`: a list of mappings, each read into a `FigureDeclaration`.
extension ShapeReader {
    /// The largest `top` of a heatmap figure: a table of more cells is no longer a summary.
    static let figureTopLimit = 100

    func figures(_ node: YAMLNode) throws(RecipeError) -> [FigureDeclaration] {
        if node.typedScalar == .null { return [] }
        guard let items = node.sequenceItems else {
            throw error(node.mark, "'figures' must be a list of figures (each '- figure: …'), not \(node.kindDescription)")
        }
        var figures: [FigureDeclaration] = []
        for item in items { figures.append(try figure(item)) }
        return figures
    }

    func figure(_ node: YAMLNode) throws(RecipeError) -> FigureDeclaration {
        let kinds = FigureDeclaration.Kind.allCases.map(\.rawValue)
        guard let pairs = node.mappingPairs else {
            throw error(node.mark, "a figure must be a mapping with 'figure' and one of \(kinds.joined(separator: ", ")), not \(node.kindDescription)")
        }
        try checkKeys(pairs, known: FigureDeclaration.keys, what: "figure key")
        guard let titleNode = node["figure"] else { throw error(node.mark, "the figure has no 'figure' (its title)") }
        let title = try text(titleNode, "'figure'")
        guard !title.trimmingSpaces.isEmpty else { throw error(titleNode.mark, "'figure' must not be empty: it is the figure's title") }
        let written = FigureDeclaration.Kind.allCases.filter { node[$0.rawValue] != nil }
        guard written.count == 1, let kind = written.first, let metricNode = node[kind.rawValue] else {
            throw error(node.mark, "a figure has exactly one of 'bars', 'curve' (a metric) or 'heatmap' (a matrix); "
                        + (written.isEmpty ? "this one has none" : "this one has \(written.map(\.rawValue).joined(separator: " and "))"))
        }
        var metrics: [String] = []
        if kind == .bars, let items = metricNode.sequenceItems {
            for item in items { metrics.append(try text(item, "an entry of 'bars'")) }
        } else {
            metrics = [try text(metricNode, "'\(kind.rawValue)'")]
        }
        guard !metrics.isEmpty, !metrics.contains(where: \.isEmpty) else {
            throw error(metricNode.mark, kind == .bars ? "'bars' must name a scalar metric or a list of them"
                        : "'\(kind.rawValue)' must name a \(kind == .curve ? "metric" : "matrix")")
        }
        let note = try node["note"].map { value throws(RecipeError) in try text(value, "'note'") }

        func refuse(_ key: String, _ why: String) throws(RecipeError) {
            if let value = node[key] { throw error(value.mark, "'\(key)' \(why)") }
        }
        var entries: [FigureDeclaration.Source] = []
        var source: FigureDeclaration.Source?
        var top = 0
        if kind == .heatmap {
            try refuse("of", "is for bars and curves: a heatmap draws one step's matrix ('step', 'variant')")
            try refuse("x", "is for curves")
            try refuse("start", "is for curves")
            guard let stepNode = node["step"] else { throw error(node.mark, "a heatmap figure needs 'step': the step whose matrix it draws") }
            source = FigureDeclaration.Source(label: nil, step: try text(stepNode, "'step'"), stepMark: stepNode.mark,
                                              variant: try node["variant"].map { v throws(RecipeError) in try selector(v, "variant") } ?? .none)
            if let topNode = node["top"] {
                guard case .int(let n)? = topNode.typedScalar, (0...Self.figureTopLimit).contains(n) else {
                    throw error(topNode.mark, "'top' must be a whole number from 0 to \(Self.figureTopLimit) (cells listed), not '\(topNode.compactDescription)'")
                }
                top = n
            }
        } else {
            try refuse("step", "is for heatmaps: bars and curves list their steps under 'of'")
            try refuse("variant", "is for heatmaps: give each entry of 'of' its own 'variant'")
            try refuse("top", "is for heatmaps")
            guard let ofNode = node["of"], let items = ofNode.sequenceItems, !items.isEmpty else {
                throw error(node["of"]?.mark ?? node.mark, "a \(kind.rawValue) figure needs 'of': a list of {label, step, variant}, one per \(kind == .bars ? "bar" : "line")")
            }
            for item in items { entries.append(try figureSource(item)) }
        }
        var x: (key: String, mark: Mark)?
        var start: (source: FigureDeclaration.Source, x: Double)?
        if kind == .curve {
            if let xNode = node["x"] {
                let key = try text(xNode, "'x'")
                try checkName(key, at: xNode.mark, "sweep key")
                x = (key, xNode.mark)
            }
            if let startNode = node["start"] {
                guard x != nil else { throw error(startNode.mark, "'start' needs 'x': it is a point at one value of the x axis") }
                start = try curveStart(startNode)
            }
        } else if kind == .bars {
            try refuse("x", "is for curves")
            try refuse("start", "is for curves")
        }
        return FigureDeclaration(title: title, note: note, mark: node.mark, kind: kind, metrics: metrics, entries: entries,
                                 x: x, start: start, source: source, top: top)
    }

    /// `{label: top-K, step: mask-top, variant: {…}}`, or just the step's name.
    private func figureSource(_ node: YAMLNode) throws(RecipeError) -> FigureDeclaration.Source {
        if let name = node.scalarText {
            return FigureDeclaration.Source(label: nil, step: name, stepMark: node.mark, variant: .none)
        }
        guard let pairs = node.mappingPairs else {
            throw error(node.mark, "an entry of 'of' must be a step name or {label, step, variant}, not \(node.kindDescription)")
        }
        try checkKeys(pairs, known: FigureDeclaration.sourceKeys, what: "key of an 'of' entry")
        guard let stepNode = node["step"] else { throw error(node.mark, "the entry has no 'step'") }
        let label = try node["label"].map { value throws(RecipeError) in try text(value, "'label'") }
        return FigureDeclaration.Source(label: label, step: try text(stepNode, "'step'"), stepMark: stepNode.mark,
                                        variant: try node["variant"].map { v throws(RecipeError) in try selector(v, "variant") } ?? .none)
    }

    /// `start: {step: niah-long, x: 0}` (and `variant` when that step is swept).
    private func curveStart(_ node: YAMLNode) throws(RecipeError) -> (source: FigureDeclaration.Source, x: Double) {
        guard let pairs = node.mappingPairs else {
            throw error(node.mark, "'start' must be a mapping {step, x, variant}, not \(node.kindDescription)")
        }
        try checkKeys(pairs, known: ["step", "x", "variant", "label"], what: "key of 'start'")
        guard let stepNode = node["step"] else { throw error(node.mark, "'start' has no 'step'") }
        guard let xNode = node["x"] else { throw error(node.mark, "'start' has no 'x': the value of the x axis it sits at") }
        let x: Double
        switch xNode.typedScalar {
        case .int(let n)?: x = Double(n)
        case .double(let d)? where d.isFinite: x = d
        default: throw error(xNode.mark, "'start.x' must be a finite number, not '\(xNode.compactDescription)'")
        }
        let source = FigureDeclaration.Source(label: nil, step: try text(stepNode, "'step'"), stepMark: stepNode.mark,
                                              variant: try node["variant"].map { v throws(RecipeError) in try selector(v, "variant") } ?? .none)
        return (source, x)
    }
}
