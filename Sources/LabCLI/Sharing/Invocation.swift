import LabCore

/// How a run's recipe was loaded: `--profile`, `--set`, `--sweep` and `--repeat` as typed,
/// so that an exported recipe is resolved exactly as it was run.
struct Invocation: Equatable {
    var profile: String?
    var sets: [String] = []
    var sweeps: [String] = []
    var repeatCount = 1

    var value: Value {
        .object(["profile": profile.map(Value.string) ?? .null, "set": .array(sets.map(Value.string)),
                 "sweep": .array(sweeps.map(Value.string)), "repeat": .int(repeatCount)])
    }

    init(profile: String? = nil, sets: [String] = [], sweeps: [String] = [], repeatCount: Int = 1) {
        self.profile = profile
        self.sets = sets
        self.sweeps = sweeps
        self.repeatCount = repeatCount
    }

    init?(value: Value) {
        guard let sets = value["set"].arrayValue?.compactMap(\.stringValue),
              let sweeps = value["sweep"].arrayValue?.compactMap(\.stringValue),
              let count = value["repeat"].intValue else { return nil }
        self.init(profile: value["profile"].stringValue, sets: sets, sweeps: sweeps, repeatCount: count)
    }

    /// The options as `lab run` takes them (`--profile smoke --set steps=6`).
    var arguments: [String] {
        var words: [String] = []
        if let profile { words += ["--profile", profile] }
        for s in sets { words += ["--set", s] }
        for s in sweeps { words += ["--sweep", s] }
        if repeatCount != 1 { words += ["--repeat", String(repeatCount)] }
        return words
    }

    /// The options of a recorded command line (`RunCommand.commandLine`: words separated by
    /// one space, a word holding a space wrapped in single quotes).
    init(commandLine: String) {
        let words = Self.words(commandLine)
        var i = 0
        self.init()
        while i < words.count {
            let word = words[i], next = i + 1 < words.count ? words[i + 1] : nil
            switch (word, next) {
            case ("--profile", let v?): profile = v; i += 1
            case ("--set", let v?): sets.append(v); i += 1
            case ("--sweep", let v?): sweeps.append(v); i += 1
            case ("--repeat", let v?): repeatCount = Int(v) ?? 1; i += 1
            default: break
            }
            i += 1
        }
    }

    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current: String?
        for part in line.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            if var open = current {
                open += " " + part
                if part.hasSuffix("'") { words.append(String(open.dropFirst().dropLast())); current = nil } else { current = open }
            } else if part.hasPrefix("'"), !(part.count >= 2 && part.hasSuffix("'")) {
                current = part
            } else if part.hasPrefix("'"), part.count >= 2, part.hasSuffix("'") {
                words.append(String(part.dropFirst().dropLast()))
            } else if !part.isEmpty {
                words.append(part)
            }
        }
        if let current { words.append(current) }
        return words
    }
}
