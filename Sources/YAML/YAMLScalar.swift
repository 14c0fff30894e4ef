/// A scalar typed by the YAML 1.2 core schema.
///
/// Choices that are ours: `.inf`, `-.inf` and `.nan` stay strings (canonical JSON has no
/// spelling for them); an integer too large for `Int` is read as a double; quoted and block
/// scalars are always strings.
public enum YAMLScalar: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)

    public static func resolve(_ text: String, style: ScalarStyle) -> YAMLScalar {
        guard style.isPlain else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let int = integer(text) { return .int(int) }
        if isCoreFloat(text), let double = Double(text), double.isFinite { return .double(double) }
        return .string(text)
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`; nil when not an integer or out of range.
    static func integer(_ text: String) -> Int? {
        if text.hasPrefix("0o"), text.count > 2 { return Int(text.dropFirst(2), radix: 8) }
        if text.hasPrefix("0x"), text.count > 2 { return Int(text.dropFirst(2), radix: 16) }
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, checked by hand because
    /// `Double.init` also accepts `inf`, `nan` and hexadecimal floats.
    static func isCoreFloat(_ text: String) -> Bool {
        var chars = Substring(text)
        if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
        let integerDigits = chars.prefix(while: \.isASCIIDigit)
        chars = chars.dropFirst(integerDigits.count)
        var fractionDigits = Substring()
        if chars.first == "." {
            chars = chars.dropFirst()
            fractionDigits = chars.prefix(while: \.isASCIIDigit)
            chars = chars.dropFirst(fractionDigits.count)
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return false }
        if chars.first == "e" || chars.first == "E" {
            chars = chars.dropFirst()
            if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
            let exponent = chars.prefix(while: \.isASCIIDigit)
            guard !exponent.isEmpty else { return false }
            chars = chars.dropFirst(exponent.count)
        }
        return chars.isEmpty
    }
}
