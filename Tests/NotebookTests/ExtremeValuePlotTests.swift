import XCTest
@testable import Notebook

/// Finite but extreme values (±1e308, the largest double, subnormals) are drawn on a clamped
/// axis: no trap, no `nan`/`inf` coordinates, a handful of ticks, labels that read right.
final class ExtremeValuePlotTests: XCTestCase {
    let extremes: [Double] = [-1e308, 1e308, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 5e-324, 0, 1]

    func assertSane(_ svg: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(svg.hasPrefix("<svg"), file: file, line: line)
        for bad in ["nan", "NaN", "inf", "∞"] {
            XCTAssertFalse(svg.contains("=\"\(bad)") || svg.contains(",\(bad)"), "coordinate \(bad) in \(svg.prefix(300))", file: file, line: line)
        }
    }

    func testTheTestersSeriesIsDrawnBetweenClampedTicks() throws {
        let chart = LineChart(title: "loss", xLabel: "iteration", yLabel: "loss",
                              series: [LineSeries(name: "loss", points: [(0, -1e308), (1, 1e308)])])
        let svg = chart.svg()
        assertSane(svg)
        let ticks = chart.yTicks(chart.drawablePoints())
        XCTAssertLessThanOrEqual(ticks.values.count, 7)
        XCTAssertEqual(ticks.lower, -1e300)
        XCTAssertEqual(ticks.upper, 1e300)
        // The real values stay in the tooltips.
        XCTAssertTrue(svg.contains("(0, -1e+308)") && svg.contains("(1, 1e+308)"), svg)
    }

    func testNiceTicksOfExtremeRanges() {
        for (low, high) in [(-1e308, 1e308), (-Double.greatestFiniteMagnitude, .greatestFiniteMagnitude),
                            (1e308, 1e308), (0, 5e-324), (-5e-324, 5e-324), (1e300, 1e300 * (1 + 1e-11))] {
            let ticks = NiceTicks.linear(minimum: low, maximum: high)
            XCTAssertTrue(ticks.lower.isFinite && ticks.upper.isFinite && ticks.lower <= ticks.upper, "\(low)…\(high): \(ticks)")
            XCTAssertTrue((2...12).contains(ticks.values.count), "\(low)…\(high): \(ticks.values.count) ticks")
            XCTAssertTrue(ticks.values.allSatisfy(\.isFinite))
        }
        let log = NiceTicks.logarithmic(minimum: 5e-324, maximum: .greatestFiniteMagnitude)
        XCTAssertTrue(log.values.count <= 12 && log.values.allSatisfy(\.isFinite), "\(log.values)")
    }

    func testEveryPlotKindSurvivesExtremes() {
        let line = LineChart(title: "l", xLabel: "x", yLabel: "y",
                             series: [LineSeries(name: "a", points: extremes.enumerated().map { (Double($0.offset), $0.element) })])
        let logLine = LineChart(title: "l", xLabel: "x", yLabel: "y",
                                series: [LineSeries(name: "a", points: [(0, 5e-324), (1e15, 1e308)])], logY: true)
        let bars = BarChart(title: "b", yLabel: "y", categories: ["a", "b", "c"],
                            groups: [BarGroup(name: "g", values: [-1e308, 1e308, .greatestFiniteMagnitude])])
        let histogram = Histogram(title: "h", xLabel: "x",
                                  series: [HistogramSeries.binning(name: "v", values: extremes, bins: 10),
                                           HistogramSeries(name: "e", edges: [-1e308, 0, 1e308], counts: [1e308, 2])])
        let heatmap = Heatmap(title: "m", xLabel: "x", yLabel: "y", rowLabels: ["r"], columnLabels: ["a", "b", "c"],
                              values: [[-1e308, 1e308, 0]], showValues: true)
        for plot in [Plot.lines(line), .lines(logLine), .bars(bars), .histogram(histogram), .heatmap(heatmap)] {
            switch plot {
            case .lines(let c): assertSane(c.svg())
            case .bars(let c): assertSane(c.svg())
            case .histogram(let c): assertSane(c.svg())
            case .heatmap(let c): assertSane(c.svg())
            case .table: break
            }
            XCTAssertFalse(plot.markdown().isEmpty)
        }
    }

    func testBinningAndSparklineOfExtremes() {
        let binned = HistogramSeries.binning(name: "v", values: [-1e308, 1e308, 0], bins: 4)
        XCTAssertEqual(binned.counts.reduce(0, +), 3)
        XCTAssertTrue(binned.edges.allSatisfy(\.isFinite))
        XCTAssertEqual(MarkdownText.sparkline([-1e308, 1e308]), "▁█")
        XCTAssertEqual(MarkdownText.sparkline([1e308, 1e308, 1e308]).count, 3)
        XCTAssertEqual(MarkdownText.sparkline([.greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0]), "█▁▅")
    }

    func testNumberFormatOfExtremes() {
        XCTAssertEqual(NumberFormat.compact(1e308), "1e+308")
        XCTAssertEqual(NumberFormat.compact(-1e308), "-1e+308")
        XCTAssertEqual(NumberFormat.compact(.greatestFiniteMagnitude), "1.798e+308")
        XCTAssertEqual(NumberFormat.compact(5e-324), "4.941e-324")   // the smallest subnormal, 4.94e-324
        XCTAssertEqual(NumberFormat.compact(2.2250738585072014e-308), "2.225e-308")
    }
}
