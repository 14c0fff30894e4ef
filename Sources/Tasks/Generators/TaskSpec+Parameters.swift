import LabCore

extension TaskSpec {
    /// Parameter names each task accepts from a recipe (snake_case), with one line of doc.
    public static func parameters(for kind: TaskKind) -> [(name: String, doc: String)] {
        let words = ("words_per_class", "filler words per open class, 4...32 (default 32)")
        switch kind {
        case .filler:
            return [("length", "minimum characters per example (default 2048)"), words]
        case .kvRecall:
            return [("length", "minimum characters per example (default 2048)"),
                    ("pairs", "key-value facts per example (default 8)"),
                    ("queries", "queries per example, each a different key, ≤ pairs (default 4)"),
                    ("min_distance", "minimum bytes from a fact's value to its query's value (default 512)"),
                    ("value_digits", "digits per value (default 4)"), words]
        case .needle:
            return [("length", "minimum characters per example (default 2048)"),
                    ("depths", "needle depths in [0,1], cycled over examples (default 10 from 0 to 1)"),
                    ("value_digits", "digits of the magic number (default 5)"), words]
        case .multidocQA:
            return [("documents", "documents per example, at least (default 10)"),
                    ("length", "if > 0, add documents until the text has this many characters (default 0)"),
                    ("filler_sentences", "up to this many filler sentences per document (default 2)"), words]
        case .text:
            return [("paths", "UTF-8 files to read (required)"),
                    ("chunk_characters", "characters per example (default 2048)")]
        }
    }

    /// Builds a spec from a task name and recipe parameters; missing ones take their defaults,
    /// an unknown or mistyped one throws naming it.
    public init(task: String, parameters: [String: Value]) throws(TaskError) {
        guard let kind = TaskKind(rawValue: task) else { throw .unknownTask(task) }
        var reader = ParameterReader(parameters)
        switch kind {
        case .filler:
            let d = FillerTask.Config()
            self = .filler(FillerTask.Config(length: try reader.int("length", d.length),
                                             wordsPerClass: try reader.int("words_per_class", d.wordsPerClass)))
        case .kvRecall:
            let d = KVRecallTask.Config()
            self = .kvRecall(KVRecallTask.Config(
                length: try reader.int("length", d.length), pairs: try reader.int("pairs", d.pairs),
                queries: try reader.int("queries", d.queries),
                minDistance: try reader.int("min_distance", d.minDistance),
                valueDigits: try reader.int("value_digits", d.valueDigits),
                wordsPerClass: try reader.int("words_per_class", d.wordsPerClass)))
        case .needle:
            let d = NeedleTask.Config()
            self = .needle(NeedleTask.Config(
                length: try reader.int("length", d.length), depths: try reader.doubles("depths", d.depths),
                valueDigits: try reader.int("value_digits", d.valueDigits),
                wordsPerClass: try reader.int("words_per_class", d.wordsPerClass)))
        case .multidocQA:
            let d = MultiDocQATask.Config()
            self = .multidocQA(MultiDocQATask.Config(
                documents: try reader.int("documents", d.documents), length: try reader.int("length", d.length),
                fillerSentences: try reader.int("filler_sentences", d.fillerSentences),
                wordsPerClass: try reader.int("words_per_class", d.wordsPerClass)))
        case .text:
            self = .text(TextFileTask.Config(paths: try reader.strings("paths"),
                                             chunkCharacters: try reader.int("chunk_characters", 2048)))
        }
        try reader.finish(task: task)
        _ = try makeGenerator()   // range checks now, naming the parameter
    }
}

/// Reads typed values out of a parameter mapping and remembers which keys were used.
private struct ParameterReader {
    let parameters: [String: Value]
    var used: Set<String> = []

    init(_ parameters: [String: Value]) { self.parameters = parameters }

    mutating func int(_ key: String, _ fallback: Int) throws(TaskError) -> Int {
        used.insert(key)
        guard let value = parameters[key], !value.isNull else { return fallback }
        guard let int = value.intValue else {
            throw .invalidConfig(parameter: key, reason: "expected an integer, got \(value.typeDescription)")
        }
        return int
    }

    mutating func doubles(_ key: String, _ fallback: [Double]) throws(TaskError) -> [Double] {
        used.insert(key)
        guard let value = parameters[key], !value.isNull else { return fallback }
        if let single = value.doubleValue { return [single] }
        guard let items = value.arrayValue else {
            throw .invalidConfig(parameter: key, reason: "expected a list of numbers, got \(value.typeDescription)")
        }
        var result: [Double] = []
        for item in items {
            guard let number = item.doubleValue else {
                throw .invalidConfig(parameter: key, reason: "expected numbers, got \(item.typeDescription)")
            }
            result.append(number)
        }
        return result
    }

    mutating func strings(_ key: String) throws(TaskError) -> [String] {
        used.insert(key)
        guard let value = parameters[key], !value.isNull else {
            throw .invalidConfig(parameter: key, reason: "required")
        }
        if let single = value.stringValue { return [single] }
        guard let items = value.arrayValue else {
            throw .invalidConfig(parameter: key, reason: "expected a list of paths, got \(value.typeDescription)")
        }
        var result: [String] = []
        for item in items {
            guard let string = item.stringValue else {
                throw .invalidConfig(parameter: key, reason: "expected strings, got \(item.typeDescription)")
            }
            result.append(string)
        }
        return result
    }

    func finish(task: String) throws(TaskError) {
        let unknown = parameters.keys.filter { !used.contains($0) }.sorted()
        if let first = unknown.first {
            let known = TaskSpec.parameters(for: TaskKind(rawValue: task) ?? .filler).map(\.name)
            throw .invalidConfig(parameter: first, reason: "unknown for task '\(task)' (known: \(known.joined(separator: ", ")))")
        }
    }
}
