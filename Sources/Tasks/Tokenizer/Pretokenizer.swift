/// Cuts UTF-8 bytes into chunks; BPE merges never cross a chunk boundary, which keeps
/// training fast (it counts distinct chunks, not positions) and tokens word-like.
///
/// Rules, by byte class — letter (a–z, A–Z, and every byte ≥ 0x80, so non-ASCII characters
/// stay inside words), digit, space (0x20), other whitespace, other (punctuation):
/// - every digit is a chunk of its own: numbers are spelled digit by digit, so a model can
///   copy and learn them per digit (and a space before a digit is a chunk of its own);
/// - a space is attached to the following word or punctuation run: " word", " ,";
/// - letter runs, punctuation runs and whitespace runs are chunks; a whitespace run gives up
///   its last space to a following word ("  word" → " ", " word");
/// - no chunk is longer than 256 bytes (long runs are cut), so encoding stays linear.
enum Pretokenizer {
    static let maxChunk = 256

    private enum ByteClass { case letter, digit, space, whitespace, other }

    private static func byteClass(_ b: UInt8) -> ByteClass {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), 0x80...0xFF: return .letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return .digit
        case 0x20: return .space
        case 0x09...0x0D: return .whitespace
        default: return .other
        }
    }

    private static func isBlank(_ b: UInt8) -> Bool {
        let c = byteClass(b)
        return c == .space || c == .whitespace
    }

    private static func startsWord(_ b: UInt8) -> Bool {
        let c = byteClass(b)
        return c == .letter || c == .other
    }

    /// Calls `body` with each chunk's byte range, in order; the ranges tile `bytes`.
    static func forEachChunk(_ bytes: [UInt8], _ body: (Range<Int>) -> Void) {
        let n = bytes.count
        var i = 0
        func run(from start: Int, while cls: ByteClass) -> Int {
            var j = start
            while j < n && byteClass(bytes[j]) == cls { j += 1 }
            return j
        }
        while i < n {
            let cls = byteClass(bytes[i])
            var end: Int
            switch cls {
            case .digit:
                end = i + 1
            case .letter, .other:
                end = run(from: i + 1, while: cls)
            case .space, .whitespace:
                let next = i + 1 < n ? byteClass(bytes[i + 1]) : nil
                if cls == .space, let next, next == .letter || next == .other {
                    // " word" or " ,,": the space leads the run.
                    end = run(from: i + 2, while: next)
                } else {
                    end = i + 1
                    while end < n && isBlank(bytes[end]) { end += 1 }
                    if end - i >= 2, bytes[end - 1] == 0x20, end < n, startsWord(bytes[end]) { end -= 1 }
                }
            }
            end = min(end, i + maxChunk)
            body(i..<end)
            i = end
        }
    }
}
