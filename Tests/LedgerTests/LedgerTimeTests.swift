import Foundation
import XCTest
import LabCore
@testable import Ledger

/// Timestamps are written and read by hand for speed: the text and the date must be exactly
/// those of `Date.ISO8601FormatStyle(includingFractionalSeconds: true)`.
final class LedgerTimeTests: XCTestCase {
    let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    func testTextAndDateAreTheFormatStylesToTheBit() throws {
        var generator = SplitMix64(state: 7)
        var fast = (text: 0, date: 0)
        for i in 0..<20_000 {
            let seconds: Double
            switch i % 4 {
            case 0: seconds = Double.random(in: -3e9...2.5e11, using: &generator)                       // any year
            case 1: seconds = Double(Int.random(in: 1_600_000_000_000...1_900_000_000_000, using: &generator)) / 1000
            case 2: seconds = 978_307_200 + Double.random(in: -1e8...1e8, using: &generator)           // near 2001
            default: seconds = Double(Int.random(in: 0...86_400_000, using: &generator)) / 1000 + 1_735_689_600
            }
            let date = Date(timeIntervalSince1970: seconds)
            let text = style.format(date)
            XCTAssertEqual(LedgerTime.text(date), text, "\(seconds)")
            XCTAssertEqual(try LedgerTime.date(text), try style.parse(text), text)
            if LedgerTime.fastText(date) != nil { fast.text += 1 }
            if LedgerTime.fastDate(text) != nil { fast.date += 1 }
        }
        // Most of them took the hand-written path (the others prove the fallback).
        XCTAssertGreaterThan(fast.text, 15_000)
        XCTAssertGreaterThan(fast.date, 12_000)
        XCTAssertEqual(LedgerTime.fastText(Date(timeIntervalSince1970: 1_700_000_000.5)), "2023-11-14T22:13:20.500Z")
    }

    func testOtherLayoutsAndBadDates() throws {
        XCTAssertNil(LedgerTime.fastDate("2023-02-30T10:00:00.000Z"), "no 30 February")
        XCTAssertNil(LedgerTime.fastDate("2023-11-14T22:13:20Z"))
        XCTAssertEqual(try LedgerTime.date("2023-11-14T22:13:20Z"), Date(timeIntervalSince1970: 1_700_000_000))
        XCTAssertThrowsError(try LedgerTime.date("yesterday"))
    }
}
