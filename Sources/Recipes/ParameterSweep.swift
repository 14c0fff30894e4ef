internal import YAML
import LabCore

/// `--sweep lr=1e-3,3e-3,1e-2`: a parameter swept from the command line, like Hydra's multirun.
///
/// Every step whose `with` uses `${lr}` gets a sweep axis `lr` over these values (unless it
/// already inherits `lr` from a step it follows), and inside such a step `${lr}` reads the
/// variant's value exactly as `${sweep.lr}` would. Steps that do not use the parameter are not
/// multiplied; steps that read a swept step follow it or gather it as for a written sweep. So the
/// keys are those of the recipe with `sweep: {lr: [1e-3, 3e-3, 1e-2]}` written on each step that
/// uses `${lr}` and `${sweep.lr}` written for `${lr}` there.
struct ParameterSweep {
    /// The parameter, and the sweep key of its axis.
    var name: String
    /// The values, typed as the parameter is declared, with their text as typed (for ids).
    var entries: [Variant.Entry]
    /// `--sweep …` as typed, for messages.
    var flag: String
    /// The parameter's declaration: where errors about the flag are reported.
    var mark: Mark

    /// Reads `name=v1,v2,…`. The values are read as one YAML flow list (`[v1,v2,…]`), so a value
    /// may be quoted (`'a,b'`) or a list itself (`dims=[64,128],[32]`); each is typed as the
    /// parameter is declared, like a `--set` value.
    static func parse(_ raw: String, declaration: (String) -> ParamDeclaration?, declaredNames: [String],
                      fallbackMark: Mark, file: String) throws(RecipeError) -> ParameterSweep {
        let flag = "--sweep \(raw)"
        guard let equals = raw.firstIndex(of: "=") else {
            throw RecipeError(file: file, mark: fallbackMark, "\(flag): expected NAME=VALUE,VALUE,… (e.g. --sweep lr=1e-3,3e-3)")
        }
        let name = String(raw[..<equals]).trimmingSpaces
        let text = String(raw[raw.index(after: equals)...])
        if name == SeedDeclaration.key {
            throw RecipeError(file: file, mark: fallbackMark, "\(flag): the recipe seed cannot be swept (it enters every key); "
                              + "--repeat N makes N replicates, each with its own seed")
        }
        guard let declared = declaration(name) else {
            throw RecipeError(file: file, mark: fallbackMark, "\(flag): unknown parameter '\(name)'"
                              + Suggestion.hint(for: name, among: declaredNames))
        }
        let mark = declared.keyMark
        let declaredAt = "(declared at \(file):\(mark))"
        let parsed: YAMLNode
        do throws(YAMLError) {
            parsed = try YAMLReader.parse("[" + text + "]", file: "--sweep")
        } catch {
            throw RecipeError(file: file, mark: mark, "\(flag): cannot read the values as a comma-separated list: \(error.message)")
        }
        // `lr=1],[2` would close the list early and read as something else.
        guard let items = parsed.sequenceItems else {
            throw RecipeError(file: file, mark: mark, "\(flag): cannot read the values as a comma-separated list")
        }
        guard !items.isEmpty else {
            throw RecipeError(file: file, mark: mark, "\(flag): no values (write --sweep \(name)=VALUE,VALUE,…)")
        }
        var entries: [Variant.Entry] = []
        var seen: [Value: String] = [:]
        for item in items {
            let value = item.labValue
            let written = item.scalarText ?? value.interpolationText
            guard let typed = ParameterOverrides.conform(value, rawText: item.scalarText, to: declared.value) else {
                var message = "\(flag): '\(written)' is \(value.typeDescription), and parameter '\(name)' is "
                    + "\(declared.value.typeDescription) \(declaredAt)"
                if case .array = value { message += "; write the values without brackets: --sweep \(name)=1,2,3" }
                throw RecipeError(file: file, mark: mark, message)
            }
            if let earlier = seen[typed] {
                throw RecipeError(file: file, mark: mark, earlier == written ? "\(flag): lists '\(written)' twice"
                                  : "\(flag): lists \(earlier) and \(written), which are the same value for parameter '\(name)'")
            }
            seen[typed] = written
            entries.append(Variant.Entry(key: name, value: typed, text: written))
        }
        return ParameterSweep(name: name, entries: entries, flag: flag, mark: mark)
    }

    /// The checks that need the whole recipe: the parameter must feed some step's `with`, and
    /// must not be the seed, a sweep key the recipe writes, `rep`, or the values of a sweep.
    func check(document: RecipeDocument, graph: StepGraph, file: String) throws(RecipeError) {
        if name == Replicates.key {
            throw RecipeError(file: file, mark: mark, "\(flag): '\(Replicates.key)' is the sweep key of replicates; "
                              + "a --sweep axis is named after its parameter, so this one cannot be swept")
        }
        if case .parameter(let seedParameter, _) = document.seed.source, seedParameter == name {
            throw RecipeError(file: file, mark: mark, "\(flag): parameter '\(name)' is the recipe seed (seed: ${\(name)}), "
                              + "which enters every key; --repeat N makes N replicates, each with its own seed")
        }
        for step in document.steps {
            for axis in step.sweep {
                if axis.key == name {
                    throw RecipeError(file: file, mark: mark, "\(flag): step '\(step.name)' already sweeps a key '\(name)' "
                                      + "(\(file):\(axis.keyMark)), and a --sweep axis is named after its parameter")
                }
                var feeds = false
                for node in axis.values {
                    try StepGraph.visitReferences(in: node, file: file) { reference, _ in
                        if reference == .param(name) { feeds = true }
                    }
                }
                if feeds {
                    throw RecipeError(file: file, mark: mark, "\(flag): parameter '\(name)' gives the values of sweep "
                                      + "'\(axis.key)' of step '\(step.name)' (\(file):\(axis.keyMark)); "
                                      + "set them with --set '\(name)=[…]' instead")
                }
            }
        }
        guard document.steps.contains(where: { graph.parameters[$0.name]?.contains(name) == true }) else {
            throw RecipeError(file: file, mark: mark, "\(flag): no step uses parameter '\(name)' in its 'with', "
                              + "so there is nothing to sweep")
        }
    }
}
