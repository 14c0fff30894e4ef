internal import YAML
import LabCore

/// `sweep: {scheme: [uniform, dense(0.75)]}`: one key of a step's grid. The values may also come
/// from one parameter holding a list, `sweep: {f: "${factors}"}`, so that `--set 'factors=[3,4,5]'`
/// or a profile chooses them.
struct SweepAxis {
    var key: String
    var keyMark: Mark
    /// The values as written; for a parameter's list, the one `${param}` node.
    var values: [YAMLNode]
    /// For `key: "${param}"`, the parameter whose value (a list) gives the values.
    var listParameter: String?
}
