/// A task and its configuration: what a `corpus` step asks for, and what `corpus.json` records.
/// Encodes as `{"task": "kv-recall", "config": {...}}`.
public enum TaskSpec: Hashable, Sendable {
    case filler(FillerTask.Config)
    case kvRecall(KVRecallTask.Config)
    case needle(NeedleTask.Config)
    case multidocQA(MultiDocQATask.Config)
    case text(TextFileTask.Config)

    public var kind: TaskKind {
        switch self {
        case .filler: return .filler
        case .kvRecall: return .kvRecall
        case .needle: return .needle
        case .multidocQA: return .multidocQA
        case .text: return .text
        }
    }

    /// Checks the configuration and returns the generator.
    public func makeGenerator() throws(TaskError) -> any TaskGenerator {
        switch self {
        case .filler(let c): return try FillerTask(c)
        case .kvRecall(let c): return try KVRecallTask(c)
        case .needle(let c): return try NeedleTask(c)
        case .multidocQA(let c): return try MultiDocQATask(c)
        case .text(let c): return try TextFileTask(c)
        }
    }

    /// `count` examples from `seed` (for `text`: the first `count` chunks, 0 = all).
    public func generate(count: Int, seed: UInt64) throws(TaskError) -> [Example] {
        try makeGenerator().generate(count: count, seed: seed)
    }

    /// The same task with its minimum length set to `characters` (no effect on `text`, whose
    /// chunk length is set by `chunkCharacters`; multidoc-qa adds documents to reach it).
    public func withLength(_ characters: Int) -> TaskSpec {
        switch self {
        case .filler(var c): c.length = characters; return .filler(c)
        case .kvRecall(var c): c.length = characters; return .kvRecall(c)
        case .needle(var c): c.length = characters; return .needle(c)
        case .multidocQA(var c): c.length = characters; return .multidocQA(c)
        case .text: return self
        }
    }
}

extension TaskSpec: Codable {
    private enum CodingKeys: String, CodingKey { case task, config }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .task)
        guard let kind = TaskKind(rawValue: name) else {
            throw DecodingError.dataCorruptedError(forKey: .task, in: container, debugDescription: "unknown task '\(name)'")
        }
        switch kind {
        case .filler: self = .filler(try container.decode(FillerTask.Config.self, forKey: .config))
        case .kvRecall: self = .kvRecall(try container.decode(KVRecallTask.Config.self, forKey: .config))
        case .needle: self = .needle(try container.decode(NeedleTask.Config.self, forKey: .config))
        case .multidocQA: self = .multidocQA(try container.decode(MultiDocQATask.Config.self, forKey: .config))
        case .text: self = .text(try container.decode(TextFileTask.Config.self, forKey: .config))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind.rawValue, forKey: .task)
        switch self {
        case .filler(let c): try container.encode(c, forKey: .config)
        case .kvRecall(let c): try container.encode(c, forKey: .config)
        case .needle(let c): try container.encode(c, forKey: .config)
        case .multidocQA(let c): try container.encode(c, forKey: .config)
        case .text(let c): try container.encode(c, forKey: .config)
        }
    }
}
