import LabCore

/// What the notebook needs of a run's resolved recipe (`runs.resolved_json`): its `about`,
/// its seed, its claims and figures, and its step ids in grid order. Read without building the whole value: the
/// resolved recipe of a 10,000-variant sweep holds every variant's parameters.
struct ResolvedSummary {
    var about: String?
    var seed: Value?
    var claims: [ResolvedClaim] = []
    var figures: [ResolvedFigure] = []
    var stepIDs: [String] = []
    /// The recipe's git commit and cleanliness when the run recorded them.
    var git: GitProvenance?

    /// nil when the text is not a JSON object of the expected shape.
    init?(json: String) {
        var reader = JSONReader(bytes: Array(json.utf8))
        var summary = ResolvedSummary()
        do throws(JSONError) {
            try reader.readObject { reader, name throws(JSONError) in
                switch name {
                case "about": summary.about = try reader.readValue().stringValue
                case "seed": summary.seed = try reader.readValue()
                case "provenance": summary.git = GitProvenance(value: try reader.readValue()["git"])
                case "claims": summary.claims = ResolvedRecipe.claims(in: .object(["claims": try reader.readValue()]))
                case "figures": summary.figures = ResolvedRecipe.figures(in: .object(["figures": try reader.readValue()]))
                case "steps":
                    try reader.readArray { reader throws(JSONError) in
                        try reader.readObject { reader, name throws(JSONError) in
                            guard name == "id" else { return try reader.skipValue() }
                            if let id = try reader.readValue().stringValue { summary.stepIDs.append(id) }
                        }
                    }
                default: try reader.skipValue()
                }
            }
            try reader.finish()
        } catch {
            return nil
        }
        self = summary
    }

    private init() {}
}
