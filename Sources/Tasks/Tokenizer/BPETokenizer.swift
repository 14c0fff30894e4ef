/// A byte-level BPE tokenizer.
///
/// Ids: 0–255 are the bytes; 256 is `<|bos|>`, 257 is `<|eos|>` (never produced by `encode`,
/// for the caller to place); 258 onward are merges in the order they were learned (a merge's
/// id is its rank). `vocabSize = 258 + merges.count`. Text is first cut by `Pretokenizer`
/// (space attached to the following word, each digit alone), and merges stay inside chunks.
/// Every UTF-8 string round-trips exactly: `decode(encode(s)) == s`.
public struct BPETokenizer: Hashable, Sendable {
    public static let byteTokens = 256
    public static let bosID: Int32 = 256
    public static let eosID: Int32 = 257
    public static let specialTokens = ["<|bos|>", "<|eos|>"]
    public static let firstMergeID: Int32 = 258
    /// Below this size a tokenizer has no room for any merge.
    public static let minimumVocabSize = 258

    /// One learned merge: `left` and `right` become the token `BPETokenizer.firstMergeID + rank`.
    public struct Merge: Hashable, Sendable {
        public var left: Int32
        public var right: Int32
        public init(left: Int32, right: Int32) { self.left = left; self.right = right }
    }

    public let merges: [Merge]
    /// (V) bytes of each token; the special tokens hold their names (used by `decode`).
    let tokenBytes: [[UInt8]]
    /// Pair key (left << 32 | right) → merged id; lower id = higher priority.
    let mergedID: [UInt64: Int32]

    public var vocabSize: Int { Self.minimumVocabSize + merges.count }
    public var bos: Int32 { Self.bosID }
    public var eos: Int32 { Self.eosID }

    /// Builds from merges; returns nil if a merge refers to an id that does not exist yet, to a
    /// special token, or repeats an earlier pair.
    public init?(merges: [Merge]) {
        var bytes: [[UInt8]] = (0..<256).map { [UInt8($0)] }
        bytes.append(Array(Self.specialTokens[0].utf8))
        bytes.append(Array(Self.specialTokens[1].utf8))
        var ids: [UInt64: Int32] = [:]
        for (rank, merge) in merges.enumerated() {
            let next = Self.firstMergeID + Int32(rank)
            for id in [merge.left, merge.right] {
                guard id >= 0, id < next, id != Self.bosID, id != Self.eosID else { return nil }
            }
            let key = Self.pairKey(merge.left, merge.right)
            guard ids[key] == nil else { return nil }
            ids[key] = next
            bytes.append(bytes[Int(merge.left)] + bytes[Int(merge.right)])
        }
        self.merges = merges
        self.tokenBytes = bytes
        self.mergedID = ids
    }

    /// The bytes of token `id` as text (partial UTF-8 shows as U+FFFD), nil for an unknown id.
    public func tokenText(_ id: Int32) -> String? {
        guard id >= 0, Int(id) < tokenBytes.count else { return nil }
        return String(decoding: tokenBytes[Int(id)], as: UTF8.self)
    }

    public func isSpecial(_ id: Int32) -> Bool { id == Self.bosID || id == Self.eosID }

    static func pairKey(_ left: Int32, _ right: Int32) -> UInt64 {
        (UInt64(UInt32(bitPattern: left)) << 32) | UInt64(UInt32(bitPattern: right))
    }

    public static func == (a: BPETokenizer, b: BPETokenizer) -> Bool { a.merges == b.merges }
    public func hash(into hasher: inout Hasher) { hasher.combine(merges) }
}
