import Foundation

/// Timestamps are stored as ISO-8601 UTC text with milliseconds (`2025-01-31T09:15:02.125Z`),
/// which sorts as text and which SQLite's date functions read.
///
/// Written and read by hand in that one layout (a run records and reads 10,000 of them; the
/// format style costs ~1 µs to write and ~2.5 µs to read each), giving the format style's
/// result to the bit (milliseconds cut, not rounded). The format style itself handles years
/// outside 1900–9999 (it counts Julian dates before 1582), any other layout, and reading in
/// the years 2000–2001 (around Foundation's reference date its sum differs in the last bit).
enum LedgerTime {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func text(_ date: Date) -> String {
        fastText(date) ?? style.format(date)
    }

    static func date(_ text: String) throws -> Date {
        if let date = fastDate(text) { return date }
        if let date = try? style.parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        throw LedgerError.corrupt("bad timestamp '\(text)'")
    }

    /// Seconds between 1970-01-01 and Foundation's reference date 2001-01-01.
    private static let referenceOffset: Int64 = 978_307_200

    static func fastText(_ date: Date) -> String? {
        let reference = date.timeIntervalSinceReferenceDate
        let whole = reference.rounded(.down)
        guard reference.isFinite, abs(whole) < 1e11 else { return nil }
        let milliseconds = Int64(((reference - whole) * 1000).rounded(.down))
        let seconds = Int64(whole) + referenceOffset
        var days = seconds / 86_400, second = seconds % 86_400
        if second < 0 { second += 86_400; days -= 1 }
        let (year, month, day) = civil(daysSince1970: days)
        guard (1900...9999).contains(year) else { return nil }
        var out = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int64, at start: Int, width: Int) {
            var value = value
            for i in stride(from: start + width - 1, through: start, by: -1) {
                out[i] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(year, at: 0, width: 4); out[4] = UInt8(ascii: "-"); put(month, at: 5, width: 2); out[7] = UInt8(ascii: "-")
        put(day, at: 8, width: 2); out[10] = UInt8(ascii: "T"); put(second / 3600, at: 11, width: 2); out[13] = UInt8(ascii: ":")
        put(second / 60 % 60, at: 14, width: 2); out[16] = UInt8(ascii: ":"); put(second % 60, at: 17, width: 2)
        out[19] = UInt8(ascii: "."); put(milliseconds, at: 20, width: 3); out[23] = UInt8(ascii: "Z")
        return String(decoding: out, as: UTF8.self)
    }

    static func fastDate(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 24, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "."), b[23] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ start: Int, _ width: Int) -> Int64? {
            var value: Int64 = 0
            for byte in b[start..<start + width] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2), let milliseconds = number(20, 3),
              year >= 1900, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 60, year < 2000 || year > 2001
        else { return nil }
        let seconds = days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - referenceOffset
        return Date(timeIntervalSinceReferenceDate: Double(seconds) + Double(milliseconds) * 0.001)
    }

    /// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's
    /// `civil_from_days`).
    private static func civil(daysSince1970 days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since 1970-01-01 of a date (`days_from_civil`).
    private static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
