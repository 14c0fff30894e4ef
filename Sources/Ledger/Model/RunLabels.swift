/// What a run's name, tags and note may be. A name identifies a run wherever a RUN is typed
/// (`lab show baseline`), so it must not read as an id (`7`, `run-7`) or as `last`; tags are
/// filtered on and listed with commas, so they hold no comma or space.
public enum RunLabels {
    public static let maximumLength = 64
    /// A note is free text (newlines allowed), up to this many characters.
    public static let maximumNoteLength = 4000

    /// Checks a run name: a letter, then letters, digits, `.`, `_` or `-`; not `last`, not `run-N`.
    public static func checkName(_ name: String) throws(LedgerError) {
        let rule = "a run name starts with a letter and has only letters, digits, '.', '_' and '-' (at most \(maximumLength))"
        guard let first = name.unicodeScalars.first, isASCIILetter(first), name.unicodeScalars.count <= maximumLength,
              name.unicodeScalars.allSatisfy({ isASCIILetter($0) || isASCIIDigit($0) || ".-_".unicodeScalars.contains($0) })
        else { throw .badLabel("'\(name)' is not a run name: " + rule) }
        if name == "last" { throw .badLabel("'last' already means the newest run; choose another name") }
        if name.hasPrefix("run-"), !name.dropFirst(4).isEmpty, name.dropFirst(4).allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw .badLabel("'\(name)' reads as a run folder (run-N); choose another name")
        }
    }

    /// Checks a tag: letters, digits and `. _ - : / + =`, starting with a letter or digit.
    public static func checkTag(_ tag: String) throws(LedgerError) {
        guard let first = tag.unicodeScalars.first, isASCIILetter(first) || isASCIIDigit(first),
              tag.unicodeScalars.count <= maximumLength,
              tag.unicodeScalars.allSatisfy({ isASCIILetter($0) || isASCIIDigit($0) || "._-:/+=".unicodeScalars.contains($0) })
        else {
            throw .badLabel("'\(tag)' is not a tag: a tag starts with a letter or digit and has only letters, digits and "
                            + "'. _ - : / + =' (no spaces or commas, at most \(maximumLength))")
        }
    }

    public static func checkNote(_ note: String) throws(LedgerError) {
        guard note.count <= maximumNoteLength else {
            throw .badLabel("a note holds at most \(maximumNoteLength) characters, not \(note.count)")
        }
    }

    private static func isASCIILetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
    private static func isASCIIDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
}
