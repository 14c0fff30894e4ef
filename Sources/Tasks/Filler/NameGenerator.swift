import LabCore
/// Draws distinct consonant-vowel-consonant-vowel names ("kebo", "misu") for keys and
/// entities: 4,900 possible, none of them a filler word, a city or a colour.
struct NameGenerator {
    static let capacity = Lexicon.nameConsonants.count * Lexicon.nameVowels.count
        * Lexicon.nameConsonants.count * Lexicon.nameVowels.count
    private var used: Set<String> = []

    /// A name not drawn before from this generator. Callers keep the count well under
    /// `capacity` (configs are checked), so the loop ends quickly.
    mutating func next(_ rng: inout SeededRandom) -> String {
        while true {
            let name = rng.pick(Lexicon.nameConsonants) + rng.pick(Lexicon.nameVowels)
                + rng.pick(Lexicon.nameConsonants) + rng.pick(Lexicon.nameVowels)
            if !used.contains(name) && !Lexicon.fillerWords.contains(name) {
                used.insert(name)
                return name
            }
        }
    }
}

/// `count` random decimal digits (leading zeros allowed: every digit carries the same
/// information, which is what a recall task wants).
func randomDigits(_ count: Int, _ rng: inout SeededRandom) -> String {
    String((0..<count).map { _ in Character(String(rng.below(10))) })
}
