import XCTest
@testable import Statistics

/// Student's t and the incomplete beta function against independent reference values.
final class StudentTTests: XCTestCase {
    /// Two-sided 95% critical values as printed in t tables (4 decimals).
    func testCriticalValuesMatchTheTTable() throws {
        let table: [(df: Double, t: Double)] = [(1, 12.7062), (2, 4.3027), (10, 2.2281), (30, 2.0423)]
        var worst = 0.0
        for (df, expected) in table {
            let t = try XCTUnwrap(StudentT.twoSidedCritical(confidence: 0.95, df: df))
            worst = max(worst, abs(t - expected))
            XCTAssertEqual(t, expected, accuracy: 5e-5, "t(0.975, \(df))")
        }
        print("t table: max difference \(worst)")
    }

    /// Quantiles, fractional df included. Reference: scipy 1.17.1, `scipy.stats.t.ppf(p, df)`,
    /// computed in a throwaway venv and pasted here.
    func testQuantilesMatchScipy() throws {
        let reference: [(p: Double, df: Double, t: Double)] = [
            (0.975, 1, 12.706204736174694), (0.975, 2, 4.302652729749462), (0.975, 10, 2.228138851986274),
            (0.975, 30, 2.0422724563012378), (0.975, 2.5, 3.5746548420036817), (0.975, 1.3, 7.500529325562029),
            (0.975, 7.7, 2.3217367528308643), (0.995, 4, 4.604094871349992), (0.9, 3, 1.637744353696209),
            (0.025, 5, -2.5705818356363155), (0.975, 1000, 1.9623390808264083), (0.9995, 1, 636.6192487687897),
        ]
        var worst = 0.0
        for (p, df, expected) in reference {
            let t = try XCTUnwrap(StudentT.quantile(p, df: df))
            let relative = abs(t - expected) / abs(expected)
            worst = max(worst, relative)
            XCTAssertLessThan(relative, 1e-9, "t(\(p), \(df)) = \(t), scipy \(expected)")
        }
        print("t quantiles vs scipy: max relative difference \(worst)")
    }

    /// Reference: scipy 1.17.1, `scipy.stats.t.cdf(t, df)` and `scipy.special.betainc(a, b, x)`.
    func testCDFAndIncompleteBetaMatchScipy() throws {
        let cdfs: [(t: Double, df: Double, p: Double)] = [
            (1.5, 3, 0.8847080673775886), (-2.2, 7.5, 0.03059973295305805), (0.3, 1, 0.5927735790777423),
        ]
        let betas: [(a: Double, b: Double, x: Double, value: Double)] = [
            (0.5, 0.5, 0.3, 0.36901011956554536), (2, 3, 0.4, 0.5247999999999999), (5, 0.5, 0.9, 0.3166429150200122),
            (10, 0.5, 0.2, 1.994982493613096e-08), (1.25, 0.5, 0.75, 0.44059958551353384),
            (50, 0.5, 0.95, 0.02387270549699076),
        ]
        var worst = 0.0
        for (t, df, expected) in cdfs {
            let p = try XCTUnwrap(StudentT.cdf(t, df: df))
            worst = max(worst, abs(p - expected) / expected)
            XCTAssertEqual(p, expected, accuracy: 1e-12 * expected)
        }
        for (a, b, x, expected) in betas {
            let value = try XCTUnwrap(IncompleteBeta.regularized(x: x, a: a, b: b))
            worst = max(worst, abs(value - expected) / expected)
            XCTAssertEqual(value, expected, accuracy: 1e-11 * expected, "I_\(x)(\(a), \(b))")
        }
        print("t cdf and incomplete beta vs scipy: max relative difference \(worst)")
    }

    func testBadArgumentsGiveNilNotNaN() {
        XCTAssertNil(StudentT.quantile(0.975, df: 0))
        XCTAssertNil(StudentT.quantile(0.975, df: -3))
        XCTAssertNil(StudentT.quantile(0.975, df: .nan))
        XCTAssertNil(StudentT.quantile(0.975, df: .infinity))
        XCTAssertNil(StudentT.quantile(1, df: 3))
        XCTAssertNil(StudentT.quantile(.nan, df: 3))
        XCTAssertNil(StudentT.twoSidedTail(.nan, df: 3))
        XCTAssertEqual(StudentT.twoSidedTail(.infinity, df: 3), 0)
        XCTAssertEqual(StudentT.quantile(0.5, df: 3), 0)
        XCTAssertNil(IncompleteBeta.regularized(x: 1.5, a: 1, b: 1))
        XCTAssertNil(IncompleteBeta.regularized(x: 0.5, a: 0, b: 1))
    }

    /// Huge df is the normal distribution: z(0.975) = 1.959963984540054.
    func testLargeDegreesOfFreedomApproachTheNormal() throws {
        let t = try XCTUnwrap(StudentT.quantile(0.975, df: 1e8))
        XCTAssertEqual(t, 1.959963984540054, accuracy: 1e-6)
    }
}
