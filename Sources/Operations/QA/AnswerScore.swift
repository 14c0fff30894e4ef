/// Exact match and token F1 of a predicted answer against the gold one, after the SQuAD
/// evaluation script's normalisation (`normalize_answer` in the official SQuAD v1.1/v2.0
/// scripts): lower case, ASCII punctuation removed, the words "a", "an", "the" removed, runs of
/// whitespace collapsed to one space. Two answers that are both empty after normalisation
/// match (EM 1, F1 1); one empty and one not score 0 (as SQuAD v2.0).
struct AnswerScore: Equatable {
    var exactMatch: Double
    var f1: Double

    init(prediction: String, gold: String) {
        let p = Self.normalise(prediction), g = Self.normalise(gold)
        exactMatch = p == g ? 1 : 0
        f1 = Self.tokenF1(Self.words(p), Self.words(g))
    }

    /// SQuAD's normalisation: lower → remove punctuation → remove articles → fix whitespace.
    static func normalise(_ text: String) -> String {
        let lowered = text.lowercased()
        let unpunctuated = String(lowered.filter { !isASCIIPunctuation($0) })
        return words(removingArticles(unpunctuated)).joined(separator: " ")
    }

    /// `re.sub(r"\b(a|an|the)\b", " ", text)`: an article is a whole run of word characters.
    static func removingArticles(_ text: String) -> String {
        var out = "", run = ""
        func flush() {
            out += ["a", "an", "the"].contains(run) ? " " : run
            run = ""
        }
        for character in text {
            if isWordCharacter(character) {
                run.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }

    /// Python's `str.split()`: runs of whitespace separate words, none empty.
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// 2PR / (P + R) over the multiset of shared words.
    static func tokenF1(_ prediction: [String], _ gold: [String]) -> Double {
        if prediction.isEmpty || gold.isEmpty { return prediction.isEmpty && gold.isEmpty ? 1 : 0 }
        var remaining: [String: Int] = [:]
        for word in gold { remaining[word, default: 0] += 1 }
        var shared = 0
        for word in prediction where (remaining[word] ?? 0) > 0 {
            remaining[word]! -= 1
            shared += 1
        }
        guard shared > 0 else { return 0 }
        let precision = Double(shared) / Double(prediction.count)
        let recall = Double(shared) / Double(gold.count)
        return 2 * precision * recall / (precision + recall)
    }

    /// Python's `string.punctuation`: the 32 ASCII punctuation characters.
    static func isASCIIPunctuation(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return (33...47).contains(a) || (58...64).contains(a) || (91...96).contains(a) || (123...126).contains(a)
    }

    /// `\w` of Python's `re` on text: letters, digits and the underscore.
    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
}
