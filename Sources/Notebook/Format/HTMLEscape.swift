/// Escaping for HTML text, attribute values and SVG (XML): every string from a recipe, a log
/// or the ledger goes through here before it reaches markup.
enum HTMLEscape {
    /// Every `&`, `<`, `>`, `"` and `'` byte escaped (also one that a combining mark follows);
    /// the other bytes, UTF-8 included, copied as they are.
    static func text(_ raw: String) -> String {
        guard raw.utf8.contains(where: isSpecial) else { return raw }
        var result: [UInt8] = []
        result.reserveCapacity(raw.utf8.count + 16)
        for byte in raw.utf8 { MarkdownInlineBytes.appendEscaped(byte, to: &result) }
        return String(decoding: result, as: UTF8.self)
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }

    /// Same as `text`: attribute values are always double-quoted, and quotes are escaped.
    static func attribute(_ raw: String) -> String {
        text(raw)
    }

    /// An `id` attribute value made of safe characters only (used for step anchors).
    static func anchor(_ raw: String) -> String {
        var result = ""
        for scalar in raw.unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                || (scalar >= "0" && scalar <= "9") || scalar == "-" || scalar == "_" {
                result.unicodeScalars.append(scalar)
            } else {
                result += "-"
            }
        }
        return result.isEmpty ? "x" : result
    }

    /// A relative URL path: every byte but unreserved ASCII and `/` percent-encoded, so that a
    /// file name with spaces, `#` or `?` still links to itself (and nothing can break out of
    /// the `href`).
    static func urlPath(_ raw: String) -> String {
        var result = ""
        for byte in raw.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                || "-._~/".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
