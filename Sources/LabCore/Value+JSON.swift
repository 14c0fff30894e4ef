/// Canonical JSON (sorted keys, no spaces, shortest round-trip numbers) for cache keys and
/// storage, and a small strict JSON parser for metrics files and the ledger.
extension Value {
    /// Canonical text: equal values give equal bytes. Non-finite doubles become `null`
    /// (JSON has no spelling for them).
    public var canonicalJSON: String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        writeJSON(into: &out, pretty: false, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Indented JSON with sorted keys, for files people read.
    public var prettyJSON: String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        writeJSON(into: &out, pretty: true, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    // Written as UTF-8 bytes, made a String once: appending many small pieces to a String
    // costs several times more (canonical JSON is computed for every step of every run).
    private func writeJSON(into out: inout [UInt8], pretty: Bool, indent: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: Value.jsonNumber(d).utf8)
        case .string(let s): Value.writeJSONString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { Value.newline(into: &out, indent: indent + 1) }
                item.writeJSON(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { Value.newline(into: &out, indent: indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            // Members sorted by key as pairs: no second look-up of each value.
            for (i, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { Value.newline(into: &out, indent: indent + 1) }
                Value.writeJSONString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                member.value.writeJSON(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { Value.newline(into: &out, indent: indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(into out: inout [UInt8], indent: Int) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
    }

    /// Shortest text that reads back to the same double; integral values keep a ".0"
    /// so that they read back as doubles, not integers.
    static func jsonNumber(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        var s = "\(d)"
        if !s.contains(".") && !s.contains("e") { s += ".0" }
        return s
    }

    static func writeJSONString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let utf8 = s.utf8
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(contentsOf: utf8)   // most strings need no escape: copied whole
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                // Other control characters as \u00XX (lowercase hex, as before).
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default:
                out.append(byte)   // UTF-8 passes through unchanged, byte by byte
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Parses JSON text. Integers without fraction or exponent become `.int`.
    public static func parseJSON(_ text: String) throws(JSONError) -> Value {
        try parseJSON(bytes: Array(text.utf8))
    }

    /// Parses JSON from UTF-8 bytes (a file's contents), without making a String of them first.
    public static func parseJSON(bytes: [UInt8]) throws(JSONError) -> Value {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.parseValue(depth: 0)
        parser.skipSpace()
        guard parser.pos == parser.bytes.count else { throw parser.error("unexpected text after the value") }
        return value
    }
}

/// A JSON text that does not parse, with the byte offset where it went wrong.
public struct JSONError: Error, CustomStringConvertible, Sendable {
    public let offset: Int
    public let message: String
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

struct JSONParser {
    let bytes: [UInt8]
    var pos = 0
    static let maxDepth = 256

    func error(_ message: String) -> JSONError { JSONError(offset: pos, message: message) }

    mutating func skipSpace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONError) -> Value {
        guard depth < JSONParser.maxDepth else { throw error("nesting deeper than \(JSONParser.maxDepth)") }
        skipSpace()
        guard pos < bytes.count else { throw error("unexpected end of text") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return try parseNumber()
        }
    }

    mutating func expect(_ word: String) throws(JSONError) {
        let w = word.utf8
        guard pos + w.count <= bytes.count, bytes[pos..<pos + w.count].elementsEqual(w) else {
            throw error("expected '\(word)'")
        }
        pos += w.count
    }

    mutating func parseObject(depth: Int) throws(JSONError) -> Value {
        pos += 1
        var members: [String: Value] = [:]
        members.reserveCapacity(8)   // most objects are small: no regrowth (and rehashing) while filling
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
        while true {
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try parseString()
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw error("expected ':'") }
            pos += 1
            guard members[key] == nil else { throw error("duplicate key '\(key)'") }
            members[key] = try parseValue(depth: depth + 1)
            skipSpace()
            guard pos < bytes.count else { throw error("unexpected end of text") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
            throw error("expected ',' or '}'")
        }
    }

    mutating func parseArray(depth: Int) throws(JSONError) -> Value {
        pos += 1
        var items: [Value] = []
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            items.append(try parseValue(depth: depth + 1))
            skipSpace()
            guard pos < bytes.count else { throw error("unexpected end of text") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            throw error("expected ',' or ']'")
        }
    }

    mutating func parseString() throws(JSONError) -> String {
        pos += 1
        // Fast path: most strings have no escapes; decode them straight from the bytes.
        var end = pos
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 {
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            let s = String(decoding: bytes[pos..<end], as: UTF8.self)
            pos = end + 1
            return s
        }
        // Escapes decoded into UTF-8 bytes, made a String once at the end.
        var raw: [UInt8] = []
        raw.reserveCapacity(end - pos + 16)
        func append(_ scalar: Unicode.Scalar) { raw.append(contentsOf: UTF8.encode(scalar)!) }
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") { pos += 1; return String(decoding: raw, as: UTF8.self) }
            if b < 0x20 { throw error("control character in a string") }
            if b == UInt8(ascii: "\\") {
                pos += 1
                guard pos < bytes.count else { break }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""): append("\"")
                case UInt8(ascii: "\\"): append("\\")
                case UInt8(ascii: "/"): append("/")
                case UInt8(ascii: "b"): append("\u{08}")
                case UInt8(ascii: "f"): append("\u{0C}")
                case UInt8(ascii: "n"): append("\n")
                case UInt8(ascii: "r"): append("\r")
                case UInt8(ascii: "t"): append("\t")
                case UInt8(ascii: "u"):
                    var code = try parseHex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u")
                        else { throw error("lone surrogate") }
                        pos += 2
                        let low = try parseHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("bad surrogate pair") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let s = Unicode.Scalar(code) else { throw error("bad \\u escape") }
                    append(s)
                default: throw error("bad escape")
                }
                continue
            }
            raw.append(b)
            pos += 1
        }
        throw error("unterminated string")
    }

    /// Moves past one value without building it. Strings (escapes included) and the nesting of
    /// brackets are followed exactly, so the value's end is found and an unterminated string or
    /// a mismatched bracket is an error; numbers and literals are not read.
    mutating func skipValue() throws(JSONError) {
        skipSpace()
        var open: [UInt8] = []   // the closing brackets awaited, innermost last
        repeat {
            guard pos < bytes.count else { throw error("unexpected end of text") }
            switch bytes[pos] {
            case UInt8(ascii: "\""):
                pos += 1
                while pos < bytes.count, bytes[pos] != UInt8(ascii: "\"") {
                    pos += bytes[pos] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard pos < bytes.count else { throw error("unterminated string") }
                pos += 1
            case UInt8(ascii: "{"): open.append(UInt8(ascii: "}")); pos += 1
            case UInt8(ascii: "["): open.append(UInt8(ascii: "]")); pos += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard open.popLast() == bytes[pos] else { throw error("unexpected '\(Character(Unicode.Scalar(bytes[pos])))'") }
                pos += 1
            case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: ":"):
                guard !open.isEmpty else { throw error("expected a value") }
                pos += 1   // between the members of what is being skipped (indentation, mostly)
            default:
                // A number or literal: up to the next delimiter (at least this byte, which is none).
                pos += 1
                while pos < bytes.count, !JSONParser.isDelimiter(bytes[pos]) { pos += 1 }
            }
        } while !open.isEmpty
    }

    static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "["),
             UInt8(ascii: "\""), UInt8(ascii: ":"), 0x20, 0x0A, 0x0D, 0x09: return true
        default: return false
        }
    }

    mutating func parseHex4() throws(JSONError) -> UInt32 {
        guard pos + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[pos..<pos + 4], as: UTF8.self), radix: 16)
        else { throw error("bad \\u escape") }
        pos += 4
        return v
    }

    /// An integer of at most 18 digits read straight from the bytes (no String, cannot
    /// overflow); nil for anything else, which then takes the general path.
    func smallInteger(_ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        let negative = i < range.upperBound && bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard i < range.upperBound, range.upperBound - i <= 18 else { return nil }
        var value = 0
        while i < range.upperBound {
            let b = bytes[i]
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(b - UInt8(ascii: "0"))
            i += 1
        }
        return negative ? -value : value
    }

    mutating func parseNumber() throws(JSONError) -> Value {
        let start = pos
        var isInteger = true
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        while pos < bytes.count {
            let b = bytes[pos]
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) { pos += 1; continue }
            if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
                || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { isInteger = false; pos += 1; continue }
            break
        }
        if isInteger, let i = smallInteger(start..<pos) { return .int(i) }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        if isInteger, let i = Int(text) { return .int(i) }
        guard !text.isEmpty, text != "-", let d = Double(text) else {
            pos = start
            throw error("expected a value")
        }
        guard d.isFinite else {
            pos = start
            throw error("number \(text) is beyond the largest double (about ±1.8e308)")
        }
        return .double(d)
    }
}
