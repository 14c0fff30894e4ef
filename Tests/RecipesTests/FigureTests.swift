import XCTest
import LabCore
@testable import Recipes

/// `figures:`: read, checked against the steps and their sweeps at load (as claims are), and
/// stored in the resolved recipe for the notebook; never part of a step.
final class FigureTests: XCTestCase {
    /// 16 lines; `figures:` is line 17, so a figure's first line is line 18.
    private let header = """
    lab: 1
    name: figures
    params: {k: 3}
    steps:
      mask:
        op: shell
        sweep: {mode: [top, random], k: [1, 2, 4]}
        repeat: 3
        with: {run: go}
      base:
        op: shell
        repeat: 3
        with: {run: base}
      grid: {op: shell, sweep: {k: ["${k}", 7]}, with: {run: grid}}
      once: {op: shell, with: {run: once}}
      flat: {op: shell, repeat: 2, with: {run: flat}}
    figures:

    """

    private func recipe(_ figures: String) -> String { header + figures }

    func testFiguresResolveToTheirSelections() throws {
        let loaded = try load(recipe("""
          - figure: NIAH as heads are masked
            note: K = 0 is the unmasked model
            curve: niah.mean
            x: k
            start: {step: base, x: 0}
            of:
              - {label: top-K, step: mask, variant: {mode: top}}
              - {step: mask, variant: {mode: random}}
          - figure: Five readers
            bars: [f1, em]
            of: [base, once, {label: flat, step: flat}]
          - figure: Grid
            heatmap: niah
            step: grid
            variant: {k: 7}
            top: 5
          - figure: By position
            curve: f1_by_position
            of: [base]
        """))
        XCTAssertEqual(loaded.figures.count, 4)
        XCTAssertEqual(loaded.figures[0], ResolvedFigure(title: "NIAH as heads are masked", note: "K = 0 is the unmasked model",
            kind: .curve(metric: "niah.mean", x: "k", entries: [
                .init(label: "top-K", selection: .init(step: "mask", values: [.init(key: "mode", value: "top")])),
                .init(label: "mask[mode=random]", selection: .init(step: "mask", values: [.init(key: "mode", value: "random")])),
            ], start: .init(step: "base", values: []), startX: 0)))
        XCTAssertEqual(loaded.figures[1].kind, .bars(metrics: ["f1", "em"], entries: [
            .init(label: "base", selection: .init(step: "base", values: [])),
            .init(label: "once", selection: .init(step: "once", values: [])),
            .init(label: "flat", selection: .init(step: "flat", values: [])),
        ]))
        XCTAssertEqual(loaded.figures[2].kind, .heatmap(matrix: "niah", selection: .init(step: "grid", values: [.init(key: "k", value: 7)]), top: 5))
        XCTAssertEqual(loaded.figures[3].kind, .curve(metric: "f1_by_position", x: nil, entries: [
            .init(label: "base", selection: .init(step: "base", values: []))], start: nil, startX: 0))
        // Stored with the run and read back whole; no step carries them.
        XCTAssertEqual(ResolvedRecipe.figures(in: loaded.resolvedValue), loaded.figures)
        let plain = try load(header)
        XCTAssertEqual(loaded.steps.map(\.resolvedValue), plain.steps.map(\.resolvedValue))
        XCTAssertNil(plain.resolvedValue["figures"].arrayValue)
    }

    func testFiguresAreCheckedAgainstTheStepsAndTheirSweeps() {
        let cases: [(String, String)] = [
            ("  - {figure: f, bars: m, of: [bse]}\n", "r.yaml:18:31: unknown step 'bse' in a figure (did you mean 'base'?)"),
            ("  - {figure: f, bars: m, heatmap: g, of: [base]}\n", "r.yaml:18:5: a figure has exactly one of 'bars', 'curve' (a metric) or 'heatmap' (a matrix); this one has bars and heatmap"),
            ("  - {figure: f, of: [base]}\n", "r.yaml:18:5: a figure has exactly one of 'bars', 'curve' (a metric) or 'heatmap' (a matrix); this one has none"),
            ("  - {figure: f, bars: m}\n", "r.yaml:18:5: a bars figure needs 'of': a list of {label, step, variant}, one per bar"),
            ("  - {figure: f, bars: m, of: [mask]}\n",
             "r.yaml:18:31: the figure's 'variant' must give a value for every sweep key of step 'mask' but 'rep': 'mode', 'k' missing (a figure pools the replicates of one condition)"),
            ("  - {figure: f, curve: m, x: k, of: [base]}\n",
             "r.yaml:18:38: step 'base' is not swept over 'k', the figure's x axis: each line of a curve with 'x' runs over that sweep key"),
            ("  - {figure: f, curve: m, x: k, of: [{step: mask, variant: {mode: top, k: 1}}]}\n",
             "r.yaml:18:72: 'k' is the figure's x axis, which runs over every value: leave it out of 'variant'"),
            ("  - {figure: f, curve: m, start: {step: base, x: 0}, of: [base]}\n", "r.yaml:18:34: 'start' needs 'x': it is a point at one value of the x axis"),
            ("  - {figure: f, curve: m, x: k, start: {step: base, x: low}, of: [{step: mask, variant: {mode: top}}]}\n",
             "r.yaml:18:56: 'start.x' must be a finite number, not 'low'"),
            ("  - {figure: f, heatmap: g, of: [base]}\n", "r.yaml:18:33: 'of' is for bars and curves: a heatmap draws one step's matrix ('step', 'variant')"),
            ("  - {figure: f, heatmap: g}\n", "r.yaml:18:5: a heatmap figure needs 'step': the step whose matrix it draws"),
            ("  - {figure: f, heatmap: g, step: grid, variant: {k: 3}, top: 500}\n",
             "r.yaml:18:63: 'top' must be a whole number from 0 to 100 (cells listed), not '500'"),
            ("  - {figure: f, heatmap: g, step: mask, variant: {mode: middle, k: 1}}\n",
             "r.yaml:18:57: step 'mask' has no variant with mode = middle (its values: top, random)"),
            ("  - {figure: f, bars: m, of: [base], top: 3}\n", "r.yaml:18:43: 'top' is for heatmaps"),
            ("  - {figure: f, bars: m, of: [base], colour: red}\n", "r.yaml:18:38: unknown figure key 'colour' (known: figure, note, bars, curve, heatmap, of, x, start, step, variant, top)"),
            ("  - {figure: '', bars: m, of: [base]}\n", "r.yaml:18:14: 'figure' must not be empty: it is the figure's title"),
        ]
        for (figures, expected) in cases {
            XCTAssertEqual(loadError(recipe(figures)), expected, figures)
        }
    }
}
