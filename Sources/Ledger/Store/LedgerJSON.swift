import LabCore

/// JSON columns read back into values.
enum LedgerJSON {
    static func value(_ text: String, column: String) throws -> Value {
        do { return try Value.parseJSON(text) } catch {
            throw LedgerError.corrupt("\(column): \(error)")
        }
    }

    static func object(_ text: String, column: String) throws -> [String: Value] {
        try value(text, column: column).objectValue ?? [:]
    }
}
