import Foundation
import LabCore
import Recipes

/// What `lab run` and `lab plan` share: the recipe path, `--profile` and `--set`, loaded into a
/// resolved recipe with the built-in operations.
enum RecipeArguments {
    static let options: Set<String> = ["profile", "set"]

    static func load(_ args: Arguments, command: String) throws -> ResolvedRecipe {
        guard let path = args.positionals.first else { throw UsageError("lab \(command) needs a recipe file") }
        guard args.positionals.count == 1 else {
            throw UsageError("lab \(command) takes one recipe, not \(args.positionals.count) ('\(args.positionals[1])' is extra)")
        }
        return try RecipeLoader(operations: BuiltinOperations.byName).load(path: path, profile: args.value("profile"),
                                                                          sets: args.all("set"))
    }
}
