/// A pull reader over JSON bytes, for a file read so often that building its whole `Value`
/// tree costs more than the reading: a cache hit reads `lab-step.json` for its file list and
/// metrics only. The caller walks the members it wants and skips the rest; the text must be
/// as well-formed as `Value.parseJSON` demands of the parts that are read, and skipped parts
/// are scanned (strings and bracket nesting followed) but not built.
///
///     var reader = JSONReader(bytes: bytes)
///     try reader.readObject { reader, name throws(JSONError) in
///         if name == "key" { key = try reader.readString() } else { try reader.skipValue() }
///     }
///     try reader.finish()
public struct JSONReader {
    private var parser: JSONParser

    public init(bytes: [UInt8]) { parser = JSONParser(bytes: bytes) }

    /// Reads an object: `body` gets each member's name and must read or skip its value.
    /// A name given twice is an error, as in `Value.parseJSON` (checked by a scan of the names
    /// seen: meant for objects of a few members).
    public mutating func readObject(_ body: (inout JSONReader, String) throws(JSONError) -> Void) throws(JSONError) {
        try expect(UInt8(ascii: "{"), "an object")
        parser.skipSpace()
        if consume(UInt8(ascii: "}")) { return }
        var names: [String] = []   // objects read this way are small: a scan beats hashing
        while true {
            parser.skipSpace()
            guard parser.pos < parser.bytes.count, parser.bytes[parser.pos] == UInt8(ascii: "\"") else {
                throw parser.error("expected a key")
            }
            let name = try parser.parseString()
            guard !names.contains(name) else { throw parser.error("duplicate key '\(name)'") }
            names.append(name)
            parser.skipSpace()
            try expect(UInt8(ascii: ":"), "':'")
            try body(&self, name)
            parser.skipSpace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { return }
            throw parser.error("expected ',' or '}'")
        }
    }

    /// Reads an array: `body` must read or skip each element.
    public mutating func readArray(_ body: (inout JSONReader) throws(JSONError) -> Void) throws(JSONError) {
        try expect(UInt8(ascii: "["), "an array")
        parser.skipSpace()
        if consume(UInt8(ascii: "]")) { return }
        while true {
            try body(&self)
            parser.skipSpace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { return }
            throw parser.error("expected ',' or ']'")
        }
    }

    public mutating func readString() throws(JSONError) -> String {
        parser.skipSpace()
        guard parser.pos < parser.bytes.count, parser.bytes[parser.pos] == UInt8(ascii: "\"") else {
            throw parser.error("expected a string")
        }
        return try parser.parseString()
    }

    /// An integer (no fraction, no exponent).
    public mutating func readInt() throws(JSONError) -> Int {
        parser.skipSpace()
        let start = parser.pos
        guard case .int(let i) = try parser.parseNumber() else {
            parser.pos = start
            throw parser.error("expected an integer")
        }
        return i
    }

    /// Any number, as a double.
    public mutating func readDouble() throws(JSONError) -> Double {
        parser.skipSpace()
        switch try parser.parseNumber() {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: throw parser.error("expected a number")
        }
    }

    /// The value at the current position, built whole.
    public mutating func readValue() throws(JSONError) -> Value {
        try parser.parseValue(depth: 1)
    }

    /// Moves past the value at the current position without building it.
    public mutating func skipValue() throws(JSONError) {
        try parser.skipValue()
    }

    /// Checks that nothing but space follows the value read.
    public mutating func finish() throws(JSONError) {
        parser.skipSpace()
        guard parser.pos == parser.bytes.count else { throw parser.error("unexpected text after the value") }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONError) {
        parser.skipSpace()
        guard consume(byte) else { throw parser.error("expected \(what)") }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard parser.pos < parser.bytes.count, parser.bytes[parser.pos] == byte else { return false }
        parser.pos += 1
        return true
    }
}
