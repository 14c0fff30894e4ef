internal import YAML
import LabCore

extension RecipeLoader {
    /// The parameter values a profile of a recipe sets, typed as a run records them (`seed`
    /// included), read from the recipe's text alone (no steps expanded, no files read); nil when
    /// the text does not parse or has no such profile. `lab runs` subtracts them from a run's
    /// overrides to show what `--set` changed beyond its profile.
    public static func profileOverrides(text: String, profile: String) -> [String: Value]? {
        guard let root = try? YAMLReader.parse(text, file: "recipe"),
              let document = try? RecipeDocument(root: root, file: "recipe") else { return nil }
        var parameters = ParameterOverrides(document: document, file: "recipe")
        guard (try? parameters.apply(profile: profile)) != nil else { return nil }
        return parameters.overrides
    }
}
