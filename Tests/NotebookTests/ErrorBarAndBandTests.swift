import XCTest
@testable import Notebook

/// Error bars and confidence bands land where their values map on the y axis.
final class ErrorBarAndBandTests: XCTestCase {
    /// `<line x1=… y1=… x2=… y2=…>` elements as numbers.
    private func lines(_ svg: String) -> [[Double]] {
        svg.split(separator: "\n").filter { $0.hasPrefix("<line ") }.map { line in
            ["x1", "y1", "x2", "y2"].compactMap { name -> Double? in
                guard let range = line.range(of: "\(name)=\"") else { return nil }
                return Double(line[range.upperBound...].prefix { $0 != "\"" })
            }
        }
    }

    func testErrorBarsSpanValuePlusMinusErrorAndWidenTheAxis() throws {
        // 0.9 + 0.3 = 1.2 lies above every bar: the axis must reach it.
        let chart = BarChart(title: "acc", yLabel: "acc", categories: ["a", "b"],
                             groups: [BarGroup(name: "mean", values: [0.9, 0.5], errors: [0.3, .nan])])
        let svg = chart.svg()
        let ticks = NiceTicks.linear(minimum: 0, maximum: 1.2)
        XCTAssertGreaterThanOrEqual(ticks.upper, 1.2)
        let frame = ChartFrame(width: chart.width, height: chart.height, title: chart.title, legend: [],
                               yTickLabels: ticks.values.map(ticks.label), hasYLabel: true, bottomSpace: 16 + 12)
        let scale = AxisScale(ticks: ticks, start: frame.plotBottom, end: frame.plotTop)
        let vertical = lines(svg).filter { $0.count == 4 && $0[0] == $0[2] && $0[1] != $0[3] }
        let whiskers = vertical.filter { $0[0] > frame.plotLeft + 1 }
        XCTAssertEqual(whiskers.count, 1, "one error bar: b has none")
        let whisker = try XCTUnwrap(whiskers.first)
        let top = min(whisker[1], whisker[3]), bottom = max(whisker[1], whisker[3])
        let difference = max(abs(top - scale.map(1.2)), abs(bottom - scale.map(0.6)))
        print("error bar ends: max difference \(difference) px")
        XCTAssertLessThan(difference, 0.01)
        XCTAssertGreaterThanOrEqual(top, frame.plotTop - 0.01, "inside the plot")
        XCTAssertTrue(svg.contains("a, mean: 0.9 ± 0.3"))
        XCTAssertNil(TagBalance.firstProblem(in: svg))
        XCTAssertTrue(chart.markdown().contains("| a | 0.9 ± 0.3 |"))
        XCTAssertTrue(chart.markdown().contains("| b | 0.5 |"))
    }

    func testBandIsAPolygonUnderTheLineAndOnTheAxis() throws {
        let line = LineSeries(name: "a", points: [(0, 2), (10, 1)], band: [(0, 1.5, 2.5), (10, 0.5, 1.5)])
        let chart = LineChart(title: "loss", xLabel: "iteration", yLabel: "loss", series: [line])
        let ticks = chart.yTicks(chart.drawablePoints())
        XCTAssertLessThanOrEqual(ticks.lower, 0.5, "the band's low edge is on the axis")
        XCTAssertGreaterThanOrEqual(ticks.upper, 2.5)
        let svg = chart.svg()
        let polygon = try XCTUnwrap(svg.range(of: "<polygon "))
        let polyline = try XCTUnwrap(svg.range(of: "<polyline "))
        XCTAssertLessThan(polygon.lowerBound, polyline.lowerBound, "band drawn under the line")
        let frame = chart.frame(yTicks: ticks)
        let scale = AxisScale(ticks: ticks, start: frame.plotBottom, end: frame.plotTop)
        let pointsText = svg[polygon.upperBound...].drop { $0 != "\"" }.dropFirst().prefix { $0 != "\"" }
        let ys = pointsText.split(separator: " ").compactMap { Double($0.split(separator: ",").last ?? "") }
        // Upper edge left to right (2.5, 1.5), then the lower edge back (0.5, 1.5).
        let expected = [2.5, 1.5, 0.5, 1.5].map(scale.map)
        XCTAssertEqual(ys.count, 4)
        let difference = zip(ys, expected).map { abs($0 - $1) }.max() ?? .infinity
        print("band outline: max difference \(difference) px")
        XCTAssertLessThan(difference, 0.01)
        XCTAssertTrue(chart.markdown().contains("1 ± 0.5 @10"), chart.markdown())
    }

    func testMarkedCellsAreHighlighted() {
        let table = Table(header: ["scheme", "acc"], rows: [["a", "0.8 ± 0.1"], ["b", "0.5 ± 0.1"]], marked: [(0, 1)])
        XCTAssertTrue(table.html().contains("<td class=\"best interval\">0.8 ± 0.1</td>"))
        XCTAssertTrue(table.markdown().contains("**0.8 ± 0.1**"))
        XCTAssertFalse(table.markdown().contains("**0.5"))
    }
}
