internal import YAML
import LabCore

/// One entry of `figures:` as written: checked for shape, not yet against the steps (see
/// `FigureChecker`). Exactly one of `bars`, `curve` and `heatmap` names the metric drawn.
///
///     - figure: Answer F1 and exact match of the five readers
///       bars: [f1, em]
///       of:
///         - {label: truncated, step: eval-trunc}
///         - {label: ACER, step: eval-acer}
///     - figure: NIAH as more heads are masked
///       curve: niah.mean
///       x: k
///       start: {step: niah-long, x: 0}
///       of: [{label: top-K, step: mask-top}, {label: random-K, step: mask-random}]
///     - figure: Retrieval score per head
///       heatmap: retrieval_score
///       step: heads-long
///       top: 8
struct FigureDeclaration {
    enum Kind: String, CaseIterable {
        case bars, curve, heatmap
    }

    /// A bar, a line, or what a heatmap or a curve's start is read from.
    struct Source {
        var label: String?
        var step: String
        var stepMark: Mark
        var variant: SelectorDeclaration
    }

    static let keys = ["figure", "note", "bars", "curve", "heatmap", "of", "x", "start", "step", "variant", "top"]
    static let sourceKeys = ["label", "step", "variant"]

    var title: String
    var note: String?
    var mark: Mark
    var kind: Kind
    /// The metrics (bars: one or a list), the metric (curve) or the matrix (heatmap) drawn.
    var metrics: [String]
    /// Bars or lines.
    var entries: [Source]
    var x: (key: String, mark: Mark)?
    var start: (source: Source, x: Double)?
    /// A heatmap's step.
    var source: Source?
    var top: Int
}
