internal import YAML
import LabCore

/// The variants of one step: the sweeps it inherits from the steps it follows, joined on
/// their shared keys, times its own sweep grid (first key outermost), times its replicates
/// (`repeat: N` is the innermost axis `rep` = 1...N).
///
///     weighted  sweep {scheme: [u, d]}            → weighted[scheme=u], weighted[scheme=d]
///     eval      follows weighted, sweep {k: [1,2]} → eval[scheme=u,k=1], eval[scheme=u,k=2],
///                                                    eval[scheme=d,k=1], eval[scheme=d,k=2]
struct VariantSpace {
    var variants: [Variant]
    /// For each sweep key in this space, the step that declares it.
    var origins: [String: String]

    /// A bound on one step's variants, so that a mistyped grid fails fast instead of filling memory.
    static let maxVariants = 10_000

    /// Computes the space of `step` from the spaces of the steps it follows.
    /// `parameterSweeps` are the `--sweep` axes: the step gets each one whose parameter it
    /// uses (`usedParameters`) and does not inherit, before its own sweep keys.
    static func of(_ step: StepDeclaration, edges: [StepGraph.Edge], spaces: [String: VariantSpace],
                   stepIndex: [String: Int], params: [String: Value], parameterSweeps: [ParameterSweep] = [],
                   usedParameters: Set<String> = [], file: String) throws(RecipeError) -> VariantSpace {
        var partial = [Variant()]
        var origins: [String: String] = [:]
        let follows = edges.filter { !$0.gathers }.sorted { stepIndex[$0.target, default: 0] < stepIndex[$1.target, default: 0] }
        for edge in follows {
            guard let upstream = spaces[edge.target] else { continue }
            for (key, origin) in upstream.origins where origins[key] == nil { origins[key] = origin }
            var joined: [Variant] = []
            for left in partial {
                for right in upstream.variants where left.agrees(with: right) { joined.append(left.merged(with: right)) }
            }
            guard !joined.isEmpty else {
                throw RecipeError(file: file, mark: edge.mark, "no variant of step '\(edge.target)' agrees with the sweep "
                                  + "values step '\(step.name)' inherits from the other steps it follows")
            }
            partial = joined
        }

        var axes: [[Variant.Entry]] = []
        for sweep in parameterSweeps where usedParameters.contains(sweep.name) && origins[sweep.name] == nil {
            origins[sweep.name] = step.name
            axes.append(sweep.entries)
        }
        for axis in step.sweep {
            if let origin = origins[axis.key] {
                throw RecipeError(file: file, mark: axis.keyMark, "sweep key '\(axis.key)' is already swept by step "
                                  + "'\(origin)', which step '\(step.name)' follows")
            }
            origins[axis.key] = step.name
            axes.append(try entries(of: axis, params: params, file: file))
        }
        if let replicates = step.replicates, replicates.count > 1 {
            if let origin = origins[Replicates.key] {
                throw RecipeError(file: file, mark: replicates.mark ?? step.keyMark, "step '\(step.name)' repeats, but it "
                                  + "already follows the replicates of step '\(origin)' (sweep key '\(Replicates.key)')")
            }
            origins[Replicates.key] = step.name
            axes.append((1...replicates.count).map { Variant.Entry(key: Replicates.key, value: .int($0), text: String($0)) })
        }
        var count = partial.count
        for axis in axes {
            let (product, overflow) = count.multipliedReportingOverflow(by: axis.count)
            count = overflow ? Int.max : product
        }
        guard count <= maxVariants else {
            throw RecipeError(file: file, mark: step.keyMark, "step '\(step.name)' would have "
                              + (count == Int.max ? "too many" : "\(count)") + " variants (at most \(maxVariants))")
        }
        var variants: [Variant] = []
        for base in partial {
            var grid = [base]
            for axis in axes {
                grid = grid.flatMap { variant in axis.map { Variant(entries: variant.entries + [$0]) } }
            }
            variants += grid
        }
        return VariantSpace(variants: variants, origins: origins)
    }

    /// An integer and a number that are equal (`1`, `1.0`).
    /// A number's value as a Double and whether it was written as an integer (nil otherwise).
    private static func number(_ value: Value) -> (value: Double, isInt: Bool)? {
        switch value {
        case .int(let i): return (Double(i), true)
        case .double(let d): return (d, false)
        default: return nil
        }
    }

    /// The values of one sweep key, with `${param}` references replaced; no value twice.
    private static func entries(of axis: SweepAxis, params: [String: Value], file: String) throws(RecipeError) -> [Variant.Entry] {
        var resolver = ValueResolver(file: file, params: params, variant: nil) { reference, mark throws(RecipeError) in
            throw RecipeError(file: file, mark: mark, "a sweep value may only refer to parameters, not '\(reference.spelling)'")
        }
        var written: [(value: Value, text: String, mark: Mark)] = []
        if let parameter = axis.listParameter, let node = axis.values.first {
            // `f: "${factors}"`: the parameter's list, its items as values (shown as they read in a text).
            let list = try resolver.resolve(node, path: axis.key)
            guard case .array(let items) = list else {
                throw RecipeError(file: file, mark: node.mark, "sweep '\(axis.key)' takes its values from parameter "
                                  + "'\(parameter)', which is \(list.typeDescription) (\(list.interpolationText)), not a list: "
                                  + "give it one, e.g. --set '\(parameter)=[1,2,3]'")
            }
            guard !items.isEmpty else {
                throw RecipeError(file: file, mark: node.mark, "sweep '\(axis.key)' has no values: parameter '\(parameter)' "
                                  + "is an empty list")
            }
            written = items.map { ($0, $0.interpolationText, node.mark) }
        } else {
            for node in axis.values {
                let value = try resolver.resolve(node, path: axis.key)
                let hasReference = try ScalarTemplate.of(node, file: file) != nil
                let text = (node.scalarText != nil && !hasReference) ? node.scalarText ?? "" : value.interpolationText
                written.append((value, text, node.mark))
            }
        }
        var entries: [Variant.Entry] = []
        var values: Set<Value> = [], texts: Set<String> = []   // sets: a 10,000-value sweep stays linear
        var numbers: [Double: (text: String, isInt: Bool)] = [:]
        for (value, text, mark) in written {
            // 1 and 1.0 differ as values, but a number parameter widens both to 1.0: two variants
            // would share one cache key.
            if let number = Self.number(value) {
                if let same = numbers[number.value], same.isInt != number.isInt {
                    throw RecipeError(file: file, mark: mark, "sweep '\(axis.key)' lists \(same.text) and \(text), which are the same value")
                }
                if numbers[number.value] == nil { numbers[number.value] = (text, number.isInt) }
            }
            guard values.insert(value).inserted, texts.insert(text).inserted else {
                throw RecipeError(file: file, mark: mark, "sweep '\(axis.key)' lists '\(text)' twice")
            }
            entries.append(Variant.Entry(key: axis.key, value: value, text: text))
        }
        return entries
    }
}
