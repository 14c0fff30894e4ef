/// A string with `${…}` references, split into text and references.
///
/// `$${` writes a literal `${` (for shell commands); a `$` not followed by `{` is plain text.
struct Template {
    enum Segment: Equatable {
        case text(String)
        /// `offset`: the character offset of the `$` in the string, for error marks.
        case reference(Reference, offset: Int)
    }

    var segments: [Segment]

    /// The single reference when the string is exactly one reference (`"${steps}"`).
    var soleReference: (Reference, offset: Int)? {
        guard segments.count == 1, case .reference(let reference, let offset) = segments[0] else { return nil }
        return (reference, offset)
    }

    var references: [(Reference, offset: Int)] {
        segments.compactMap {
            if case .reference(let reference, let offset) = $0 { return (reference, offset) }
            return nil
        }
    }

    /// The same template with each reference replaced by `transform`'s.
    func mappingReferences(_ transform: (Reference) -> Reference) -> Template {
        Template(segments: segments.map { segment in
            guard case .reference(let reference, let offset) = segment else { return segment }
            return .reference(transform(reference), offset: offset)
        })
    }

    /// nil when the string holds no `${` at all (the common case: a plain value).
    /// Throws a message and the character offset of the faulty reference.
    static func parse(_ string: String) throws(TemplateError) -> Template? {
        guard hasReferenceStart(string) else { return nil }
        let chars = Array(string)
        var segments: [Segment] = []
        var text = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "$", i + 2 < chars.count, chars[i + 1] == "$", chars[i + 2] == "{" {
                text += "${"
                i += 3
                continue
            }
            guard chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "{" else {
                text.append(chars[i])
                i += 1
                continue
            }
            guard let close = chars[(i + 2)...].firstIndex(of: "}") else {
                throw TemplateError(offset: i, message: "unterminated reference '\(String(chars[i...]))' (missing '}')")
            }
            let inner = String(chars[(i + 2)..<close]).trimmingSpaces
            let reference = try reference(inner, offset: i)
            if !text.isEmpty { segments.append(.text(text)); text = "" }
            segments.append(.reference(reference, offset: i))
            i = close + 1
        }
        if !text.isEmpty { segments.append(.text(text)) }
        return Template(segments: segments)
    }

    /// Whether `${` occurs: a scan of the bytes (Foundation's `contains` on strings bridges to
    /// NSString, and every string of a 10,000-variant recipe is asked).
    private static func hasReferenceStart(_ string: String) -> Bool {
        var previous: UInt8 = 0
        for byte in string.utf8 {
            if previous == UInt8(ascii: "$") && byte == UInt8(ascii: "{") { return true }
            previous = byte
        }
        return false
    }

    private static func reference(_ inner: String, offset: Int) throws(TemplateError) -> Reference {
        guard !inner.isEmpty else { throw TemplateError(offset: offset, message: "empty reference '${}'") }
        guard let dot = inner.firstIndex(of: ".") else { return .param(inner) }
        let head = String(inner[..<dot]), tail = String(inner[inner.index(after: dot)...])
        guard !tail.isEmpty else {
            throw TemplateError(offset: offset, message: "incomplete reference '${\(inner)}'")
        }
        switch head {
        case "steps": return .step(tail)
        case "all": return .all(tail)
        case "sweep": return .sweep(tail)
        default:
            throw TemplateError(offset: offset, message: "unknown reference '${\(inner)}' "
                + "(write ${param}, ${sweep.KEY}, ${steps.STEP} or ${all.STEP})")
        }
    }
}
