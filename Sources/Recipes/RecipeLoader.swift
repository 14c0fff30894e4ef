import Foundation
internal import YAML
import LabCore

/// Reads a recipe and resolves it into runnable steps: parse the YAML, check the recipe's
/// shape, apply the profile, `--set` overrides (the seed too) and `--sweep`, build the step graph (no
/// cycles), give source steps `--repeat`'s replicates, expand sweeps and replicates into
/// variants, replace references, check every step against its operation and every claim
/// against the steps' sweeps.
/// The recipe format is described in `RECIPES.md` beside this file.
public struct RecipeLoader: Sendable {
    let operations: [String: any LabCore.Operation]

    public init(operations: [String: any LabCore.Operation]) {
        self.operations = operations
    }

    /// path: recipe file; profile: --profile; sets: raw "key=value" strings from --set;
    /// repeatCount: --repeat (replicates every source step, 1 = as written); sweeps: raw
    /// "name=v1,v2" strings from --sweep (see `ParameterSweep`)
    public func load(path: String, profile: String?, sets: [String], repeat repeatCount: Int = 1,
                     sweeps: [String] = []) throws(RecipeError) -> ResolvedRecipe {
        guard FileManager.default.fileExists(atPath: path) else {
            throw RecipeError(file: path, line: 0, column: 0, message: "recipe not found")
        }
        if let kind = FileKind.irregular(path) {
            throw RecipeError(file: path, line: 0, column: 0, message: "is \(kind), not a recipe file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RecipeError(file: path, line: 0, column: 0, message: "cannot read the recipe (permission denied?)")
        }
        let text = try RecipeText.decode(Array(data), file: path)
        return try load(text: text, path: path, profile: profile, sets: sets, repeat: repeatCount, sweeps: sweeps)
    }

    /// As `load(path:…)` with the text already read; `path` names the file in messages and
    /// anchors relative file parameters.
    public func load(text: String, path: String, profile: String?, sets: [String],
                     repeat repeatCount: Int = 1, sweeps: [String] = []) throws(RecipeError) -> ResolvedRecipe {
        try RecipeText.checkNoNul(text, file: path)
        let root: YAMLNode
        do throws(YAMLError) {
            root = try YAMLReader.parse(text, file: path)
        } catch {
            throw RecipeError(error, text: text)
        }
        var document = try RecipeDocument(root: root, file: path)
        var parameters = ParameterOverrides(document: document, file: path)
        // Every profile is checked, not only the selected one: a typo waits for no one.
        for declared in document.profiles {
            var scratch = parameters
            try scratch.apply(profile: declared.name)
        }
        if let profile { try parameters.apply(profile: profile) }
        for raw in sets { try parameters.apply(set: raw) }
        for raw in sweeps { try parameters.apply(sweep: raw) }

        let graph = try StepGraph(document: document, file: path)
        for sweep in parameters.sweeps { try sweep.check(document: document, graph: graph, file: path) }
        try document.replicateSources(repeatCount, graph: graph, file: path)
        let recipeDirectory = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL
        let expander = StepExpander(document: document, graph: graph, params: parameters.values, operations: operations,
                                    file: path, recipeDirectory: recipeDirectory, parameterSweeps: parameters.sweeps)
        let spaces = try expander.variantSpaces()
        let steps = try expander.expand(spaces)
        let claims = try ClaimChecker(document: document, spaces: spaces, params: parameters.values, file: path,
                                      parameterSweeps: parameters.sweeps).check()
        let figures = try FigureChecker(document: document, spaces: spaces, params: parameters.values, file: path,
                                        parameterSweeps: parameters.sweeps).check()
        let seed = try document.seed.resolve(params: parameters.values, override: parameters.seed, file: path)
        return ResolvedRecipe(name: document.name, about: document.about, seed: seed, path: path, text: text,
                              profile: profile, overrides: parameters.overrides, params: parameters.values, steps: steps,
                              claims: claims, figures: figures)
    }
}
