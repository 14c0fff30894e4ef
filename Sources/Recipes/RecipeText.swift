/// The recipe's bytes as text, with the place of the first byte that is not UTF-8 or is NUL
/// (libyaml would report the first at 0:0 and the second at 1:1).
enum RecipeText {
    static func decode(_ bytes: [UInt8], file: String) throws(RecipeError) -> String {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1, column = 1, offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                return String(decoding: bytes, as: UTF8.self)
            case .error:
                let byte = offset < bytes.count ? bytes[offset] : 0
                let hex = String(byte, radix: 16, uppercase: true)
                throw RecipeError(file: file, line: line, column: column,
                                  message: "the recipe is not UTF-8 text (byte 0x\(hex.count == 1 ? "0" + hex : hex)); save it as UTF-8")
            }
        }
    }

    static func checkNoNul(_ text: String, file: String) throws(RecipeError) {
        guard text.unicodeScalars.contains("\0") else { return }
        var line = 1, column = 1
        for scalar in text.unicodeScalars {
            if scalar == "\0" { break }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        throw RecipeError(file: file, line: line, column: column, message: "the recipe contains a NUL byte; remove it")
    }
}
