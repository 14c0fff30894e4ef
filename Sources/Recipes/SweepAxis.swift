internal import YAML
import LabCore

/// `sweep: {scheme: [uniform, dense(0.75)]}`: one key of a step's grid.
struct SweepAxis {
    var key: String
    var keyMark: Mark
    var values: [YAMLNode]
}
