import Foundation

/// The user's own UTF-8 files, cut into chunks of `chunkCharacters` characters (grapheme
/// clusters; the last chunk of a file may be shorter). No long-range ground truth.
/// `generate(count:seed:)` returns the first `count` chunks in file order (count 0: all of
/// them); the seed is not used — the files fix the corpus.
public struct TextFileTask: TaskGenerator {
    public struct Config: Codable, Hashable, Sendable {
        /// Files to read, in order (absolute, or relative to the current directory).
        public var paths: [String]
        /// Characters per chunk.
        public var chunkCharacters: Int

        public init(paths: [String], chunkCharacters: Int = 2048) {
            self.paths = paths
            self.chunkCharacters = chunkCharacters
        }
    }

    public static let kind = TaskKind.text
    public let config: Config

    public init(_ config: Config) throws(TaskError) {
        guard !config.paths.isEmpty else { throw .invalidConfig(parameter: "paths", reason: "must name at least one file") }
        try requireRange(config.chunkCharacters, 1...100_000_000, "chunkCharacters")
        self.config = config
    }

    public func generate(count: Int, seed: UInt64) throws(TaskError) -> [Example] {
        guard count >= 0 else { throw .invalidConfig(parameter: "count", reason: "must be ≥ 0, got \(count)") }
        var examples: [Example] = []
        for path in config.paths {
            let text = try Self.readUTF8(path)
            var chunk = ""
            var characters = 0
            var chunkIndex = 0
            func flush() {
                examples.append(Example(text: chunk, source: "\(path)#\(chunkIndex)"))
                chunkIndex += 1
                chunk = ""
                characters = 0
            }
            for character in text {
                chunk.append(character)
                characters += 1
                if characters == config.chunkCharacters { flush() }
                if count > 0 && examples.count == count { return examples }
            }
            if !chunk.isEmpty { flush() }
            if count > 0 && examples.count >= count { return Array(examples.prefix(count)) }
        }
        return examples
    }

    /// The file's text; invalid UTF-8 throws naming the file and the first bad byte.
    static func readUTF8(_ path: String) throws(TaskError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(path: path, reason: "\(error.localizedDescription)")
        }
        let bytes = [UInt8](data)
        if let bad = UTF8Validation.firstInvalidByte(bytes) { throw .invalidUTF8(path: path, byteOffset: bad) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
