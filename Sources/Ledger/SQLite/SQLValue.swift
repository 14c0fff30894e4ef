/// A value bound to a statement parameter (`?`): user text is always bound, never pasted.
enum SQLValue: Sendable, Equatable {
    case null
    case int(Int)
    case double(Double)
    case text(String)

    init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }
    init(_ number: Double?) {
        // SQLite stores NaN as NULL anyway; infinities would sort oddly, so they become NULL too.
        if let number, number.isFinite { self = .double(number) } else { self = .null }
    }
}
