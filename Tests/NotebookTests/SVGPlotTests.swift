import XCTest
@testable import Notebook

final class SVGPlotTests: XCTestCase {
    /// The (x, y) pairs of the first `<polyline points="…">` in `svg`.
    private func polylinePoints(_ svg: String) throws -> [(Double, Double)] {
        let start = try XCTUnwrap(svg.range(of: "<polyline points=\""))
        let rest = svg[start.upperBound...]
        let end = try XCTUnwrap(rest.firstIndex(of: "\""))
        return try rest[..<end].split(separator: " ").map { pair in
            let parts = pair.split(separator: ",").compactMap { Double($0) }
            XCTAssertEqual(parts.count, 2)
            return (try XCTUnwrap(parts.first), try XCTUnwrap(parts.last))
        }
    }

    func testLinePointsMapOntoThePlotArea() throws {
        let chart = LineChart(title: "t", xLabel: "iteration", yLabel: "loss",
                              series: [LineSeries(name: "a", points: [(0, 0), (5, 50), (10, 100)])])
        let svg = chart.svg()
        let yTicks = chart.yTicks(chart.drawablePoints())
        XCTAssertEqual(yTicks.lower, 0)
        XCTAssertEqual(yTicks.upper, 100)
        let frame = chart.frame(yTicks: yTicks)
        let points = try polylinePoints(svg)
        XCTAssertEqual(points.count, 3)
        // (0, 0) at the bottom left corner, (10, 100) top right, (5, 50) in the middle.
        let expected = [(frame.plotLeft, frame.plotBottom), ((frame.plotLeft + frame.plotRight) / 2,
                        (frame.plotTop + frame.plotBottom) / 2), (frame.plotRight, frame.plotTop)]
        var maxDifference = 0.0
        for (got, want) in zip(points, expected) {
            maxDifference = max(maxDifference, abs(got.0 - want.0), abs(got.1 - want.1))
        }
        print("line chart mapping: max difference \(maxDifference) px")
        XCTAssertLessThanOrEqual(maxDifference, 0.006)
        XCTAssertGreaterThan(frame.plotWidth, 400)
        XCTAssertGreaterThan(frame.plotHeight, 200)
    }

    func testLogScaleMapsDecadesEvenly() {
        let ticks = NiceTicks.logarithmic(minimum: 1, maximum: 1000)
        let scale = AxisScale(ticks: ticks, start: 300, end: 0)
        XCTAssertEqual(scale.map(1), 300, accuracy: 1e-9)
        XCTAssertEqual(scale.map(10), 200, accuracy: 1e-9)
        XCTAssertEqual(scale.map(1000), 0, accuracy: 1e-9)
    }

    func testAxesLabelsTicksAndLegend() {
        let svg = SampleDocument.ablation().svg()
        XCTAssertTrue(svg.contains(">heads masked (K)</text>"))
        XCTAssertTrue(svg.contains(">NIAH score</text>"))
        XCTAssertTrue(svg.contains(">NIAH score vs masked heads</text>"))
        // Legend: both names and a dashed sample for the random series.
        XCTAssertTrue(svg.contains(">top-K</text>"))
        XCTAssertTrue(svg.contains(">random K</text>"))
        XCTAssertTrue(svg.contains("stroke-dasharray=\"7 4\""))
        // y ticks of 0…100 by 20, x ticks of 0…50 by 10.
        for tick in ["0", "20", "40", "60", "80", "100"] { XCTAssertTrue(svg.contains(">\(tick)</text>"), tick) }
        XCTAssertTrue(svg.contains(">50</text>"))
        XCTAssertNil(TagBalance.firstProblem(in: svg))
    }

    func testSingleSeriesHasNoLegend() {
        let chart = LineChart(title: "loss", xLabel: "iteration", yLabel: "loss",
                              series: [LineSeries(name: "only-series-name", points: [(0, 1), (1, 2)])])
        XCTAssertFalse(chart.svg().contains(">only-series-name</text>"))
    }

    func testDegenerateDataDoesNotCrash() {
        let empty = LineChart(title: "empty", xLabel: "x", yLabel: "y", series: [])
        XCTAssertTrue(empty.svg().contains(">no data</text>"))
        let allNaN = LineChart(title: "nan", xLabel: "x", yLabel: "y",
                               series: [LineSeries(name: "a", points: [(.nan, 1), (1, .infinity)])])
        XCTAssertTrue(allNaN.svg().contains(">no data</text>"))
        let mixed = LineChart(title: "mixed", xLabel: "x", yLabel: "y",
                              series: [LineSeries(name: "a", points: [(0, 1), (1, .nan), (2, 3)])])
        XCTAssertFalse(mixed.svg().contains("nan"))
        XCTAssertFalse(mixed.svg().lowercased().contains("nan\""))
        let single = LineChart(title: "one", xLabel: "x", yLabel: "y", series: [LineSeries(name: "a", points: [(3, 7)])])
        XCTAssertTrue(single.svg().contains("<circle"))
        let constant = LineChart(title: "flat", xLabel: "x", yLabel: "y",
                                 series: [LineSeries(name: "a", points: [(0, 2), (1, 2), (2, 2)])])
        XCTAssertTrue(constant.svg().contains("<polyline"))
        let logNonPositive = LineChart(title: "log", xLabel: "x", yLabel: "y",
                                       series: [LineSeries(name: "a", points: [(0, 0), (1, -1)])], logY: true)
        XCTAssertTrue(logNonPositive.svg().contains(">no data</text>"))

        XCTAssertTrue(BarChart(title: "b", yLabel: "y", categories: [], groups: []).svg().contains("no data"))
        XCTAssertTrue(BarChart(title: "b", yLabel: "y", categories: ["a"], groups: [BarGroup(name: "g", values: [.nan])])
                        .svg().contains("no data"))
        XCTAssertTrue(Histogram(title: "h", xLabel: "x", series: [HistogramSeries(name: "s", edges: [0], counts: [])])
                        .svg().contains("no data"))
        XCTAssertTrue(Heatmap(title: "m", xLabel: "x", yLabel: "y", rowLabels: [], columnLabels: [], values: [])
                        .svg().contains("no data"))
        let allNaNHeatmap = Heatmap(title: "m", xLabel: "x", yLabel: "y", rowLabels: ["r"], columnLabels: ["c"],
                                    values: [[.nan]])
        XCTAssertTrue(allNaNHeatmap.svg().contains("no data"))
        // Ragged rows and a constant heatmap render.
        let ragged = Heatmap(title: "m", xLabel: "x", yLabel: "y", rowLabels: ["a", "b"], columnLabels: ["1", "2"],
                             values: [[1], [1, 1]], showValues: true)
        XCTAssertNil(TagBalance.firstProblem(in: ragged.svg()))
        for plot in [ragged.svg(), mixed.svg(), single.svg(), constant.svg(), empty.svg()] {
            XCTAssertNil(TagBalance.firstProblem(in: plot))
        }
    }

    func testBarsStartAtZeroAndCarryValueLabels() {
        let chart = SampleDocument.schemeBars()
        let svg = chart.svg()
        XCTAssertTrue(svg.contains(">55.3</text>"))
        XCTAssertTrue(svg.contains(">long-range</text>"))
        XCTAssertTrue(svg.contains(">short-range</text>"))
        XCTAssertTrue(svg.contains(">sparse(0.25)</text>"))
        XCTAssertTrue(svg.contains(">accuracy (%)</text>"))
        XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, 8 + 2)   // 8 bars + 2 legend swatches
        XCTAssertNil(TagBalance.firstProblem(in: svg))
    }

    func testHeatmapColoursFollowTheScale() {
        XCTAssertEqual(ColorScale.redYellowGreen.hex(0), "#d73027")
        XCTAssertEqual(ColorScale.redYellowGreen.hex(1), "#1a9850")
        XCTAssertEqual(ColorScale.redYellowGreen.hex(0.5), "#fee08b")
        XCTAssertEqual(ColorScale.whiteBlue.hex(0), "#f7fbff")
        XCTAssertEqual(ColorScale.whiteBlue.hex(2), "#08306b")   // clamped
        let map = Heatmap(title: "n", xLabel: "length", yLabel: "depth", rowLabels: ["0%", "50%"],
                          columnLabels: ["128", "256"], values: [[0, 100], [50, .nan]], range: 0...100, showValues: true)
        let svg = map.svg()
        XCTAssertTrue(svg.contains("fill=\"#d73027\""))   // 0 → red
        XCTAssertTrue(svg.contains("fill=\"#1a9850\""))   // 100 → green
        XCTAssertTrue(svg.contains("fill=\"#fee08b\""))   // 50 → yellow
        XCTAssertTrue(svg.contains("fill=\"#eeeeee\""))   // NaN → empty grey
        XCTAssertTrue(svg.contains(">depth</text>"))
        XCTAssertTrue(svg.contains(">length</text>"))
        XCTAssertTrue(svg.contains(">100</text>"))        // a value in its cell, and the colour bar's top
        XCTAssertNil(TagBalance.firstProblem(in: svg))
    }

    func testHistogramBinningAndOverlay() {
        let series = HistogramSeries.binning(name: "w", values: [0, 0.1, 0.5, 0.99, 1, .nan, 7], bins: 2, range: 0...1)
        XCTAssertEqual(series.edges, [0, 0.5, 1])
        XCTAssertEqual(series.counts, [2, 3])
        let constant = HistogramSeries.binning(name: "c", values: [3, 3, 3], bins: 4)
        XCTAssertEqual(constant.counts.reduce(0, +), 3)
        let svg = SampleDocument.weightHistogram().svg()
        XCTAssertTrue(svg.contains(">dense(0.75)</text>"))
        XCTAssertTrue(svg.contains(">sparse(0.25)</text>"))
        XCTAssertTrue(svg.contains(">weight</text>"))
        XCTAssertTrue(svg.contains(">count</text>"))
        XCTAssertNil(TagBalance.firstProblem(in: svg))
    }

    func testTextInPlotsIsEscaped() {
        let chart = LineChart(title: "<script>x</script>", xLabel: "a & b", yLabel: "\"y\"",
                              series: [LineSeries(name: "<s>", points: [(0, 1), (1, 2)]),
                                       LineSeries(name: "t", points: [(0, 2)])])
        let svg = chart.svg()
        XCTAssertFalse(svg.contains("<script"))
        XCTAssertFalse(svg.contains("<s>"))
        XCTAssertTrue(svg.contains("a &amp; b"))
        XCTAssertNil(TagBalance.firstProblem(in: svg))
    }

    func testTableHighlightsTheBestValuePerColumn() {
        let table = SampleDocument.schemeTable()
        XCTAssertEqual(table.bestRows(), [1: [2], 2: [0], 3: [0]])
        let html = table.html()
        XCTAssertTrue(html.contains("<td class=\"num best\">55.3</td>"))
        XCTAssertTrue(html.contains("<td class=\"num best\">1.92</td>"))
        XCTAssertTrue(table.markdown().contains("| **55.3** |"))
        let ties = Table(header: ["a"], rows: [["1"], ["n/a"], ["1"], ["0.5"]], highlight: [(0, .highest)])
        XCTAssertEqual(ties.bestRows(), [0: [0, 2]])
    }

    func testLongSeriesAreThinnedButKeepTheirExtremes() throws {
        var points = (0..<20_000).map { (x: Double($0), y: sin(Double($0) / 500)) }
        points[12_345].y = 5   // a spike that must survive thinning
        let chart = LineChart(title: "long", xLabel: "iteration", yLabel: "loss", series: [LineSeries(name: "a", points: points)])
        let drawn = try polylinePoints(chart.svg())
        let frame = chart.frame(yTicks: chart.yTicks(chart.drawablePoints()))
        XCTAssertLessThanOrEqual(drawn.count, Int(frame.plotWidth + 2) * 4)
        XCTAssertGreaterThan(drawn.count, Int(frame.plotWidth))
        let yScale = AxisScale(ticks: chart.yTicks(chart.drawablePoints()), start: frame.plotBottom, end: frame.plotTop)
        let spikeY = yScale.map(5)
        let closest = drawn.map { abs($0.1 - spikeY) }.min() ?? .infinity
        print("thinned \(points.count) points to \(drawn.count); spike max difference \(closest) px")
        XCTAssertLessThan(closest, 0.01)
    }
}
