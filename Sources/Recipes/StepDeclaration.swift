internal import YAML
import LabCore

/// One entry of `steps:`.
struct StepDeclaration {
    var name: String
    var keyMark: Mark
    /// Position in the recipe (`ResolvedStep.order`).
    var index: Int
    var op: String
    var opMark: Mark
    var title: YAMLNode?
    var note: String?
    var with: [(key: String, keyMark: Mark, value: YAMLNode)]
    var sweep: [SweepAxis]
    /// `repeat: N`: N replicates, swept as `rep` = 1...N (nil when not written).
    var replicates: Replicates?
    /// `resources: {cpus, mem, time}` for a Slurm job (nil when not written).
    var resources: StepResources? = nil
}

/// `repeat: 3` on a step, or `--repeat 3` on a source step: a sweep axis `rep` over 1...N.
struct Replicates {
    /// The sweep key of replicates (`model[rep=2]`, `${sweep.rep}`).
    static let key = "rep"
    static let range = 1...1000

    var count: Int
    /// The `repeat` key in the recipe; nil when `--repeat` gave it.
    var mark: Mark?
}
