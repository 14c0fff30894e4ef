internal import YAML
import LabCore

/// Checks each figure against the steps and their sweeps once the variant spaces are known and
/// resolves its selections (`SelectorResolver`, as for claims): every step is a step of the
/// recipe, each selection names one condition (every sweep key but `rep`), and a curve's `x`
/// is a sweep key of each of its lines' steps (left out of their selections: the line runs over
/// it). Whether the metric exists is known only from the results: the notebook says so.
/// A `--sweep` axis that a figure's steps have and its selections leave open makes one figure
/// per value, as it makes one claim per value.
struct FigureChecker {
    let document: RecipeDocument
    let spaces: [String: VariantSpace]
    let params: [String: Value]
    let file: String
    var parameterSweeps: [ParameterSweep] = []

    func check() throws(RecipeError) -> [ResolvedFigure] {
        var figures: [ResolvedFigure] = []
        for figure in document.figures {
            for fixed in openSweepValues(of: figure) {
                var resolved = try check(figure, fixed: fixed)
                if !fixed.isEmpty { resolved.title += " (" + fixed.map { "\($0.key)=\($0.text)" }.joined(separator: ", ") + ")" }
                figures.append(resolved)
            }
        }
        return figures
    }

    /// One figure per combination of `--sweep` values open on any step it draws; a curve's `x`
    /// is never fixed.
    private func openSweepValues(of figure: FigureDeclaration) -> [[Variant.Entry]] {
        let sources = figure.entries + [figure.source, figure.start?.source].compactMap { $0 }
        return resolver.openSweepValues(parameterSweeps, selections: sources.map { ($0.step, $0.variant) },
                                        except: Set([figure.x?.key].compactMap { $0 }))
    }

    private var resolver: SelectorResolver {
        SelectorResolver(document: document, spaces: spaces, params: params, file: file)
    }

    private func check(_ figure: FigureDeclaration, fixed: [Variant.Entry]) throws(RecipeError) -> ResolvedFigure {
        let kind: ResolvedFigure.Kind
        switch figure.kind {
        case .bars:
            kind = .bars(metrics: figure.metrics, entries: try entries(figure.entries, free: [], fixed: fixed))
        case .curve:
            var free: Set<String> = []
            if let x = figure.x {
                free = [x.key]
                for entry in figure.entries {
                    let space = try resolver.space(of: entry.step, at: entry.stepMark, owner: "figure")
                    guard space.variants.first?.keys.contains(x.key) == true else {
                        throw RecipeError(file: file, mark: entry.stepMark, "step '\(entry.step)' is not swept over '\(x.key)', "
                                          + "the figure's x axis: each line of a curve with 'x' runs over that sweep key")
                    }
                }
            }
            var start: ResolvedFigure.Selection?
            if let declared = figure.start {
                start = try resolver.resolve(declared.source.variant, role: "start.variant", step: declared.source.step,
                                             stepMark: declared.source.stepMark, owner: "figure", fixed: fixed)
            }
            kind = .curve(metric: figure.metrics[0], x: figure.x?.key, entries: try entries(figure.entries, free: free, fixed: fixed),
                          start: start, startX: figure.start?.x ?? 0)
        case .heatmap:
            guard let source = figure.source else { throw RecipeError(file: file, mark: figure.mark, "a heatmap figure needs 'step'") }
            let selection = try resolver.resolve(source.variant, role: "variant", step: source.step, stepMark: source.stepMark,
                                                 owner: "figure", fixed: fixed)
            kind = .heatmap(matrix: figure.metrics[0], selection: selection, top: figure.top)
        }
        return ResolvedFigure(title: figure.title, note: figure.note, kind: kind)
    }

    /// Bars or lines, each labelled as written or by its step and picks (`mask[k=4]`).
    private func entries(_ sources: [FigureDeclaration.Source], free: Set<String>,
                         fixed: [Variant.Entry]) throws(RecipeError) -> [ResolvedFigure.Entry] {
        var entries: [ResolvedFigure.Entry] = []
        for source in sources {
            let selection = try resolver.resolve(source.variant, role: "variant", step: source.step, stepMark: source.stepMark,
                                                 owner: "figure", free: free, fixed: fixed)
            let picks = selection.values.map { "\($0.key)=\($0.value.interpolationText)" }.joined(separator: ",")
            entries.append(ResolvedFigure.Entry(label: source.label ?? (picks.isEmpty ? source.step : "\(source.step)[\(picks)]"),
                                                selection: selection))
        }
        return entries
    }
}
