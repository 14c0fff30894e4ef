import LabCore
import Ledger
import Recipes

/// A run's profile and overrides in a few words: `smoke lr=0.01 steps=6` — the profile's name,
/// then each override the profile did not set to that value (what `--set` changed). A run
/// records the profile's values among its overrides; repeating them would fill the line.
struct RunSettings {
    /// Profile values by recipe text and profile name: runs of one recipe parse it once.
    private var profiles: [String: [String: Value]?] = [:]

    mutating func summary(_ run: RunInfo) -> String {
        let extra = extraOverrides(run)
        let sets = extra.sorted { $0.key < $1.key }.map { "\($0.key)=\(FlatParameters.display($0.value))" }
        let words = (run.profile.map { [$0] } ?? []) + sets
        return words.isEmpty ? "-" : words.joined(separator: " ")
    }

    /// The overrides beyond the run's profile (all of them without a profile, or when the
    /// recorded recipe no longer reads).
    mutating func extraOverrides(_ run: RunInfo) -> [String: Value] {
        guard let profile = run.profile else { return run.overrides }
        let cacheKey = profile + "\u{0}" + run.recipeText
        if profiles[cacheKey] == nil {
            profiles[cacheKey] = .some(RecipeLoader.profileOverrides(text: run.recipeText, profile: profile))
        }
        guard let fromProfile = profiles[cacheKey] ?? nil else { return run.overrides }
        return run.overrides.filter { fromProfile[$0.key] != $0.value }
    }
}
