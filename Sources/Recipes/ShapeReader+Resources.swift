internal import YAML
import LabCore

extension ShapeReader {
    static let resourceKeys = ["cpus", "mem", "time"]

    /// `resources: {cpus: 2, mem: 4G, time: 30m}`: literal values only (they choose a Slurm
    /// job's size, never a result).
    func resources(_ node: YAMLNode, step: String) throws(RecipeError) -> StepResources {
        let pairs = try mapping(node, "'resources' of step '\(step)'")
        try checkKeys(pairs, known: Self.resourceKeys, what: "resources key")
        var resources = StepResources()
        for pair in pairs {
            let text = pair.value.scalarText ?? ""
            switch pair.key.scalarText ?? "" {
            case "cpus":
                guard case .int(let n)? = pair.value.typedScalar, (1...4096).contains(n) else {
                    throw error(pair.value.mark, "'cpus' must be a whole number from 1 to 4096, not '\(text)'")
                }
                resources.cpus = n
            case "mem":
                guard let memory = StepResources.memory(text) else {
                    throw error(pair.value.mark, "'mem' must be a size with a unit (512M, 4G), not '\(text)'")
                }
                resources.memory = memory
            default:
                guard let seconds = StepResources.duration(text) else {
                    throw error(pair.value.mark, "'time' must be a duration (90s, 30m, 2h, 1d), not '\(text)'")
                }
                resources.seconds = seconds
            }
        }
        return resources
    }
}
