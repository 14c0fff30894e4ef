/// The fixed word lists behind the filler grammar and the generated names.
///
/// Filler words are made up with consonant clusters (or are short English function words);
/// generated names (keys, entities) are strictly consonant-vowel-consonant-vowel, so the two
/// never collide, and no filler word is a digit, "code", "magic", "number", "of", a city or a
/// colour: every fact is new information to the model.
enum Lexicon {
    static let determiners = ["the", "a", "every", "some", "this", "that"]
    static let nouns = [
        "blick", "frond", "grull", "snerp", "twask", "plome", "drisk", "kroth",
        "vlint", "skarp", "brell", "chorn", "glimp", "trov", "spund", "wrell",
        "stonk", "prill", "quarn", "thrip", "gosk", "blemp", "crund", "flurr",
        "smeld", "trask", "zorp", "glent", "shrub", "plank", "drom", "fleck",
    ]
    static let adjectives = [
        "brisk", "dulp", "frim", "glossy", "slorn", "quell", "tarnish", "wispy",
        "crumbly", "snell", "blunt", "plush", "grisp", "murky", "stolt", "flimsy",
        "drab", "prickly", "vast", "shrill", "clumpy", "sleek", "knobby", "tart",
        "glum", "brash", "smug", "crisp", "dank", "trim", "bleak", "spry",
    ]
    static let verbs = [
        "blorks", "snaffles", "grinds", "twirls", "plonks", "drizzles", "kradles", "vexes",
        "skulks", "brims", "chomps", "glints", "trundles", "spurns", "wrangles", "stomps",
        "prods", "quibbles", "thwacks", "gobbles", "blurts", "crumples", "flings", "smudges",
        "trudges", "zaps", "glares", "shrugs", "plucks", "drags", "flicks", "scrubs",
    ]
    static let adverbs = ["slowly", "quickly", "often", "never", "softly", "gladly", "rarely", "twice",
                          "again", "still", "loudly", "barely"]
    static let prepositions = ["near", "under", "with", "from", "behind", "across", "beside", "past"]
    static let conjunctions = ["and", "but", "while"]

    /// Consonants and vowels of generated names (CVCV: "kebo", "misu").
    static let nameConsonants = Array("bdfgklmnprstvz").map(String.init)
    static let nameVowels = Array("aeiou").map(String.init)

    static let cities = [
        "ashford", "brimholm", "colbridge", "dunmere", "eastwick", "fernhollow", "glenmoor",
        "harrowgate", "ivybrook", "kestrel", "lowmarsh", "millbank", "northwold", "oakridge",
        "pennyworth", "quarrystone", "redcliffe", "saltmarsh", "thornbury", "westerly",
    ]
    static let colors = ["red", "blue", "green", "yellow", "purple", "orange", "black", "white",
                         "brown", "pink", "grey", "teal"]

    /// Every word the filler grammar can emit: names are drawn outside this set.
    static let fillerWords: Set<String> = Set(determiners + nouns + adjectives + verbs + adverbs
                                              + prepositions + conjunctions)
}
