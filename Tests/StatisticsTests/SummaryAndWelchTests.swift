import XCTest
import Statistics

final class SummaryAndWelchTests: XCTestCase {
    /// By hand: {0.80, 0.82, 0.87}: mean 2.49 / 3 = 0.83; deviations −0.03, −0.01, 0.04, squares
    /// 0.0009 + 0.0001 + 0.0016 = 0.0026, variance 0.0026 / 2 = 0.0013, s = √0.0013 = 0.0360555;
    /// half-width t(0.975, 2) · s / √3 = 4.3026527 × 0.0360555 / 1.7320508 = 0.0895669.
    /// {3, 4}: mean 3.5, s = √0.5 = 0.7071068, half-width 12.7062047 × 0.7071068 / √2 = 6.3531024.
    func testSummaryByHand() throws {
        let a = try XCTUnwrap(SampleSummary([0.80, 0.82, 0.87]))
        XCTAssertEqual(a.count, 3)
        XCTAssertEqual(a.mean, 0.83, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(a.standardDeviation), 0.0360555, accuracy: 1e-7)
        XCTAssertEqual(try XCTUnwrap(a.halfWidth), 0.0895669, accuracy: 1e-7)
        let interval = try XCTUnwrap(a.interval)
        XCTAssertEqual(interval.low, 0.83 - 0.0895669, accuracy: 1e-7)
        XCTAssertEqual(interval.high, 0.83 + 0.0895669, accuracy: 1e-7)

        let b = try XCTUnwrap(SampleSummary([3, 4]))
        XCTAssertEqual(b.mean, 3.5)
        XCTAssertEqual(try XCTUnwrap(b.halfWidth), 6.3531024, accuracy: 1e-7)
    }

    func testOneValueHasNoIntervalAndNoneHaveNoSummary() throws {
        let one = try XCTUnwrap(SampleSummary([0.7]))
        XCTAssertEqual(one.count, 1)
        XCTAssertEqual(one.mean, 0.7)
        XCTAssertNil(one.standardDeviation)
        XCTAssertNil(one.halfWidth)
        XCTAssertNil(one.interval)
        XCTAssertNil(SampleSummary([]))
        XCTAssertNil(SampleSummary([.nan, .infinity]), "non-finite values are not measurements")
        XCTAssertEqual(SampleSummary([1, .nan, 3])?.count, 2)
    }

    /// 0.1 + 0.1 + 0.1 = 0.30000000000000004 in doubles; divided by 3 it is not 0.1, and the
    /// residue would read as a tiny but non-zero spread (and a t-test's certainty).
    func testConstantSampleHasZeroSpread() throws {
        let flat = try XCTUnwrap(SampleSummary([0.1, 0.1, 0.1]))
        XCTAssertEqual(flat.mean, 0.1)
        XCTAssertEqual(flat.standardDeviation, 0)
        XCTAssertEqual(flat.halfWidth, 0)
        XCTAssertNil(WelchTest([0.1, 0.1, 0.1], [0.2, 0.2, 0.2]))
    }

    /// Reference: scipy 1.17.1, `scipy.stats.ttest_ind(a, b, equal_var=False)` for t and p, the
    /// Welch–Satterthwaite formula in numpy for df; computed in a throwaway venv and pasted here.
    func testWelchMatchesScipy() throws {
        let cases: [(a: [Double], b: [Double], t: Double, df: Double, p: Double)] = [
            ([0.80, 0.82, 0.87], [0.60, 0.65, 0.70], 5.057563382541151, 3.6372795969773293, 0.00922183864171841),
            ([1.1, 0.9, 1.3, 1.0], [1.2, 1.5, 1.1, 1.6, 1.4], -2.2607895470351114, 6.973917040027666, 0.05840212497188498),
            ([2.31, 2.29, 2.35], [2.30, 2.36, 2.27], 0.20965696734437467, 3.48453608247423, 0.8456098556953676),
            ([5.0, 7.0], [1.0, 1.5, 2.0, 2.5, 9.0, 0.5], 1.998030526356384, 4.540566409549011, 0.10795325559679471),
            ([10.1, 10.4, 9.8, 10.0, 10.2, 9.9, 10.3], [10.6, 11.9, 10.1, 12.0], -2.1854457863782755, 3.17968588123161,
             0.11167394689785483),
        ]
        var worst = 0.0
        for (a, b, t, df, p) in cases {
            let test = try XCTUnwrap(WelchTest(a, b))
            XCTAssertEqual(test.t, t, accuracy: 1e-10 * abs(t))
            XCTAssertEqual(test.degreesOfFreedom, df, accuracy: 1e-10 * df)
            XCTAssertEqual(test.p, p, accuracy: 1e-9 * p)
            worst = max(worst, abs(test.p - p) / p, abs(test.t - t) / abs(t), abs(test.degreesOfFreedom - df) / df)
        }
        print("Welch t, df, p vs scipy: max relative difference \(worst)")
    }

    func testWelchIsUndefinedWithoutReplicatesOrSpread() {
        XCTAssertNil(WelchTest([1], [2, 3]), "one value has no variance")
        XCTAssertNil(WelchTest([1, 1], [2, 2]), "no spread at all")
        XCTAssertNil(WelchTest([], []))
        XCTAssertNotNil(WelchTest([1, 1], [2, 3]), "one sample without spread is fine")
    }
}
