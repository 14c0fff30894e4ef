/// Escaping for HTML text, attribute values and SVG (XML): every string from a recipe, a log
/// or the ledger goes through here before it reaches markup.
enum HTMLEscape {
    static func text(_ raw: String) -> String {
        var result = ""
        result.reserveCapacity(raw.utf8.count)
        for character in raw {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
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
}
