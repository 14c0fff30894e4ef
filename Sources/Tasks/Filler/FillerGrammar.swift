import LabCore
/// A small probabilistic grammar over the made-up lexicon: the local structure a tiny model
/// learns quickly.
///
/// Sentences (weights in parentheses):
///
///     NP V NP .                 (0.35)
///     NP V NP PREP NP .         (0.20)
///     NP V ADV .                (0.15)
///     NP V NP CONJ NP V NP .    (0.15)
///     PREP NP , NP V NP .       (0.15)
///     NP = DET [ADJ] NOUN       (an adjective with probability 0.4)
///
/// Words within a class follow a Zipf law (weight 1/rank), and there are word-to-word
/// dependencies: nouns, adjectives and verbs fall into four groups, and an adjective or a verb
/// picks its noun from its own group with probability 0.8. So the next word is often
/// predictable from the last one or two, and never from anything far back.
struct FillerGrammar: Sendable {
    static let groups = 4
    let nouns: [String]
    let adjectives: [String]
    let verbs: [String]
    private let nounGroupMembers: [[Int]]

    /// `wordsPerClass` (4...32) trims the open classes (nouns, adjectives, verbs).
    init(wordsPerClass: Int) {
        let n = max(4, min(wordsPerClass, 32))
        nouns = Array(Lexicon.nouns.prefix(n))
        adjectives = Array(Lexicon.adjectives.prefix(n))
        verbs = Array(Lexicon.verbs.prefix(n))
        nounGroupMembers = (0..<Self.groups).map { g in (0..<n).filter { $0 % Self.groups == g } }
    }

    /// One sentence, lowercase, ending with '.'.
    func sentence(_ rng: inout SeededRandom) -> String {
        let roll = rng.unit()
        var words: [String]
        if roll < 0.35 {
            words = nounPhrase(&rng, group: nil) + verbPhrase(&rng)
        } else if roll < 0.55 {
            words = nounPhrase(&rng, group: nil) + verbPhrase(&rng) + [rng.pick(Lexicon.prepositions)]
                + nounPhrase(&rng, group: nil)
        } else if roll < 0.70 {
            words = nounPhrase(&rng, group: nil) + [zipf(verbs, &rng), rng.pick(Lexicon.adverbs)]
        } else if roll < 0.85 {
            words = nounPhrase(&rng, group: nil) + verbPhrase(&rng) + [rng.pick(Lexicon.conjunctions)]
                + nounPhrase(&rng, group: nil) + verbPhrase(&rng)
        } else {
            var opener = [rng.pick(Lexicon.prepositions)] + nounPhrase(&rng, group: nil)
            opener[opener.count - 1] += ","
            words = opener + nounPhrase(&rng, group: nil) + verbPhrase(&rng)
        }
        return words.joined(separator: " ") + "."
    }

    /// VERB NP, the object drawn mostly from the verb's noun group.
    private func verbPhrase(_ rng: inout SeededRandom) -> [String] {
        let verbIndex = zipfIndex(verbs.count, &rng)
        return [verbs[verbIndex]] + nounPhrase(&rng, group: verbIndex % Self.groups)
    }

    /// DET [ADJ] NOUN; the noun follows the adjective's group, else `group`, with p = 0.8.
    private func nounPhrase(_ rng: inout SeededRandom, group: Int?) -> [String] {
        var words = [rng.pick(Lexicon.determiners)]
        var nounGroup = group
        if rng.chance(0.4) {
            let adjectiveIndex = zipfIndex(adjectives.count, &rng)
            words.append(adjectives[adjectiveIndex])
            nounGroup = adjectiveIndex % Self.groups
        }
        if let g = nounGroup, rng.chance(0.8) {
            let members = nounGroupMembers[g]
            words.append(nouns[members[zipfIndex(members.count, &rng)]])
        } else {
            words.append(nouns[zipfIndex(nouns.count, &rng)])
        }
        return words
    }

    private func zipf(_ words: [String], _ rng: inout SeededRandom) -> String {
        words[zipfIndex(words.count, &rng)]
    }

    /// Index in 0..<n with weight 1/(index+1).
    private func zipfIndex(_ n: Int, _ rng: inout SeededRandom) -> Int {
        let cumulative = Self.zipfCumulative[n]
        let target = rng.unit() * cumulative[n - 1]
        for i in 0..<n where target < cumulative[i] { return i }
        return n - 1
    }

    /// `zipfCumulative[n][i]` = 1/1 + ... + 1/(i+1), for n up to 32.
    private static let zipfCumulative: [[Double]] = (0...32).map { n in
        var sum = 0.0
        return (0..<n).map { i in sum += 1.0 / Double(i + 1); return sum }
    }
}
