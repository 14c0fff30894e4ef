/// What a `${…}` names.
enum Reference: Hashable {
    case param(String)   // ${steps}      a recipe parameter
    case sweep(String)   // ${sweep.KEY}  this variant's sweep value
    case step(String)    // ${steps.X}    the output of step X (follows X's sweep)
    case all(String)     // ${all.X}      every variant of X, as a list (gathers X's sweep)

    var spelling: String {
        switch self {
        case .param(let name): return "${\(name)}"
        case .sweep(let key): return "${sweep.\(key)}"
        case .step(let name): return "${steps.\(name)}"
        case .all(let name): return "${all.\(name)}"
        }
    }
}
