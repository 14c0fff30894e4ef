/// One entry of a chart legend: a line sample (line charts) or a swatch (bars, histograms).
struct LegendItem {
    enum Mark {
        case line(LineStyle)
        case swatch
    }

    var name: String
    var color: String
    var mark: Mark
}
