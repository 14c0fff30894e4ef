import Foundation
import LabCore
import Recipes

/// What `lab run` and `lab plan` share: the recipe path, `--profile`, `--set`, `--sweep` and
/// `--repeat`, loaded into a resolved recipe with the built-in operations.
enum RecipeArguments {
    static let options: Set<String> = ["profile", "set", "sweep", "repeat"]

    /// `--repeat N` (1 when absent); a usage error unless N is in 1...1000.
    static func repeatCount(_ args: Arguments) throws -> Int {
        guard let count = try args.int("repeat") else { return 1 }
        guard (1...1000).contains(count) else { throw UsageError("--repeat needs an integer from 1 to 1000, not \(count)") }
        return count
    }

    static func load(_ args: Arguments, command: String) throws -> ResolvedRecipe {
        guard let path = args.positionals.first else { throw UsageError("lab \(command) needs a recipe file") }
        guard args.positionals.count == 1 else {
            throw UsageError("lab \(command) takes one recipe, not \(args.positionals.count) ('\(args.positionals[1])' is extra)")
        }
        return try RecipeLoader(operations: BuiltinOperations.byName).load(path: path, profile: args.value("profile"),
                                                                          sets: args.all("set"), repeat: try repeatCount(args),
                                                                          sweeps: args.all("sweep"))
    }
}
