/// One generated (or loaded) example: plain UTF-8 text plus its ground truth.
///
/// Every task fills `text` and `longRange`; the task-specific fields are nil when they do not
/// apply. For the question tasks (`needle`, `multidoc-qa`) the text is exactly
/// `prompt + " " + answer + "."`, so a prompt encodes to a prefix of the text's tokens
/// (the space belongs to the answer's first word under the BPE pretokenizer).
public struct Example: Codable, Hashable, Sendable {
    /// The whole example, as a language model sees it in training.
    public var text: String
    /// Spans only far context predicts, with their distances (empty for filler and user text).
    public var longRange: [LongRangeSpan]

    /// Everything up to and including the question (needle, multidoc-qa).
    public var prompt: String?
    /// The gold answer, without leading space or final period (needle, multidoc-qa).
    public var answer: String?
    /// Where `answer` sits in `text` (needle, multidoc-qa).
    public var answerRange: ByteRange?
    /// The question sentence alone, e.g. "what is the magic number of kebo?" (needle, multidoc-qa).
    public var question: String?

    /// The whole needle sentence in `text` (needle).
    public var needleRange: ByteRange?
    /// The requested depth in [0, 1] (needle); the needle starts at the last sentence boundary
    /// at or before `depth × haystack length`.
    public var depth: Double?

    /// The documents, in order, as they appear in the prompt (multidoc-qa).
    public var documents: [String]?
    /// Index into `documents` of the one that holds the answer (multidoc-qa).
    public var answerDocument: Int?

    /// Where a user-text chunk came from: "path#chunkIndex" (text).
    public var source: String?

    public init(text: String, longRange: [LongRangeSpan] = [], prompt: String? = nil,
                answer: String? = nil, answerRange: ByteRange? = nil, question: String? = nil,
                needleRange: ByteRange? = nil, depth: Double? = nil, documents: [String]? = nil,
                answerDocument: Int? = nil, source: String? = nil) {
        self.text = text
        self.longRange = longRange
        self.prompt = prompt
        self.answer = answer
        self.answerRange = answerRange
        self.question = question
        self.needleRange = needleRange
        self.depth = depth
        self.documents = documents
        self.answerDocument = answerDocument
        self.source = source
    }
}
