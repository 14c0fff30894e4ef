import Foundation

/// `tokenizer.json`:
///
///     {"format": "lab-bpe", "version": 1, "pretokenizer": "lab-bytes-v1",
///      "special_tokens": ["<|bos|>", "<|eos|>"], "vocab_size": 512,
///      "merges": [[32, 116], [104, 101], ...]}
///
/// Merge i makes id 258 + i from the two ids it lists.
struct TokenizerFile: Codable {
    static let currentFormat = "lab-bpe"
    static let currentVersion = 1
    static let currentPretokenizer = "lab-bytes-v1"

    var format: String
    var version: Int
    var pretokenizer: String
    var specialTokens: [String]
    var vocabSize: Int
    var merges: [[Int32]]

    enum CodingKeys: String, CodingKey {
        case format, version, pretokenizer, merges
        case specialTokens = "special_tokens"
        case vocabSize = "vocab_size"
    }
}

extension BPETokenizer {
    public static let fileName = "tokenizer.json"

    /// The file's bytes (keys sorted: the same tokenizer always gives the same bytes).
    public func fileData() -> Data {
        let file = TokenizerFile(format: TokenizerFile.currentFormat, version: TokenizerFile.currentVersion,
                                 pretokenizer: TokenizerFile.currentPretokenizer,
                                 specialTokens: Self.specialTokens, vocabSize: vocabSize,
                                 merges: merges.map { [$0.left, $0.right] })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain integers and strings cannot fail.
        return (try? encoder.encode(file)) ?? Data()
    }

    /// Writes the tokenizer to `url` atomically (temporary file, then rename).
    public func save(to url: URL) throws(TaskError) {
        try writeAtomically(fileData(), to: url)
    }

    /// Reads and checks a tokenizer file; anything wrong throws `TaskError.badTokenizerFile`.
    public static func load(from url: URL) throws(TaskError) -> BPETokenizer {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .badTokenizerFile(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        return try load(data: data, path: url.path)
    }

    /// Parses tokenizer file bytes; `path` only names the source in errors.
    public static func load(data: Data, path: String = "<data>") throws(TaskError) -> BPETokenizer {
        let file: TokenizerFile
        do { file = try JSONDecoder().decode(TokenizerFile.self, from: data) } catch {
            throw .badTokenizerFile(path: path, reason: "not the expected JSON: \(error)")
        }
        func bad(_ reason: String) -> TaskError { .badTokenizerFile(path: path, reason: reason) }
        guard file.format == TokenizerFile.currentFormat else { throw bad("format '\(file.format)', expected '\(TokenizerFile.currentFormat)'") }
        guard file.version == TokenizerFile.currentVersion else { throw bad("version \(file.version), expected \(TokenizerFile.currentVersion)") }
        guard file.pretokenizer == TokenizerFile.currentPretokenizer else { throw bad("pretokenizer '\(file.pretokenizer)', expected '\(TokenizerFile.currentPretokenizer)'") }
        guard file.specialTokens == specialTokens else { throw bad("special tokens \(file.specialTokens), expected \(specialTokens)") }
        var merges: [Merge] = []
        for (i, pair) in file.merges.enumerated() {
            guard pair.count == 2 else { throw bad("merge \(i) has \(pair.count) ids, expected 2") }
            merges.append(Merge(left: pair[0], right: pair[1]))
        }
        guard file.vocabSize == minimumVocabSize + merges.count else {
            throw bad("vocab_size \(file.vocabSize) does not match \(merges.count) merges (expected \(minimumVocabSize + merges.count))")
        }
        guard let tokenizer = BPETokenizer(merges: merges) else {
            throw bad("a merge refers to an unknown or special id, or repeats an earlier pair")
        }
        return tokenizer
    }
}
