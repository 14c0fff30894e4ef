internal import YAML
import LabCore

/// Reading the recipe's shape from the YAML tree: known keys, required fields, names.
extension RecipeDocument {
    static let formatVersion = 1
    static let topLevelKeys = ["lab", "name", "about", "seed", "params", "profiles", "steps", "claims", "figures"]
    static let stepKeys = ["op", "title", "note", "with", "sweep", "repeat", "resources"]

    init(root: YAMLNode, file: String) throws(RecipeError) {
        let reader = ShapeReader(file: file)
        guard case .mapping(let pairs, _) = root else {
            throw reader.error(root.mark, "a recipe is a mapping with the keys lab, name and steps, not \(root.kindDescription)")
        }
        try reader.checkKeys(pairs, known: Self.topLevelKeys, what: "key")

        guard let lab = root["lab"] else {
            throw reader.error(.start, "missing 'lab: \(Self.formatVersion)' (the recipe format version)")
        }
        guard lab.typedScalar == .int(Self.formatVersion) else {
            throw reader.error(lab.mark, "unsupported recipe format 'lab: \(lab.compactDescription)' (this lab reads format \(Self.formatVersion))")
        }
        guard let nameNode = root["name"] else { throw reader.error(.start, "missing required key 'name'") }
        name = try reader.text(nameNode, "'name'")
        guard !name.isEmpty else { throw reader.error(nameNode.mark, "'name' must not be empty") }
        about = try root["about"].map { node throws(RecipeError) in try reader.text(node, "'about'") }
        seed = try root["seed"].map { node throws(RecipeError) in try reader.seed(node) } ?? .zero

        paramsMark = pairs.first { $0.key.scalarText == "params" }?.key.mark
        params = try root["params"].map { node throws(RecipeError) in try reader.params(node) } ?? []
        profilesMark = pairs.first { $0.key.scalarText == "profiles" }?.key.mark
        profiles = try root["profiles"].map { node throws(RecipeError) in try reader.profiles(node) } ?? []

        guard let stepsNode = root["steps"] else { throw reader.error(.start, "missing required key 'steps'") }
        steps = try reader.steps(stepsNode)
        claims = try root["claims"].map { node throws(RecipeError) in try reader.claims(node) } ?? []
        figures = try root["figures"].map { node throws(RecipeError) in try reader.figures(node) } ?? []
    }
}
