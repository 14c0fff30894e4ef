/// Collects SVG elements and writes the `<svg>` element. Every string it is given is escaped
/// here, so chart code never builds markup by hand.
struct SVGCanvas {
    enum Anchor: String { case start, middle, end }

    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

    let width: Double
    let height: Double
    private var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Coordinates with at most two decimals, no trailing zeros: small files, stable output.
    static func number(_ value: Double) -> String {
        NumberFormat.trimZeros(NumberFormat.fixed(value.isFinite ? value : 0, decimals: 2))
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       stroke: String? = nil, strokeWidth: Double = 1, opacity: Double? = nil,
                       dashed: Bool = false, tooltip: String? = nil) {
        var attributes = "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\" "
            + "height=\"\(Self.number(max(0, height)))\" fill=\"\(HTMLEscape.attribute(fill))\""
        if let stroke {
            attributes += " stroke=\"\(HTMLEscape.attribute(stroke))\" stroke-width=\"\(Self.number(strokeWidth))\""
        }
        if let opacity { attributes += " fill-opacity=\"\(Self.number(opacity))\"" }
        if dashed { attributes += " stroke-dasharray=\"4 3\"" }
        elements.append(Self.element("rect", attributes, tooltip: tooltip))
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                       width: Double = 1, style: LineStyle = .solid) {
        let attributes = "x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" "
            + "y2=\"\(Self.number(y2))\" stroke=\"\(HTMLEscape.attribute(stroke))\" "
            + "stroke-width=\"\(Self.number(width))\"" + Self.dash(style)
        elements.append("<line \(attributes)/>")
    }

    mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 2,
                           style: LineStyle = .solid, fill: String = "none", fillOpacity: Double? = nil,
                           tooltip: String? = nil) {
        let coordinates = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
        var attributes = "points=\"\(coordinates)\" fill=\"\(HTMLEscape.attribute(fill))\" "
            + "stroke=\"\(HTMLEscape.attribute(stroke))\" stroke-width=\"\(Self.number(width))\" "
            + "stroke-linejoin=\"round\" stroke-linecap=\"round\"" + Self.dash(style)
        if let fillOpacity { attributes += " fill-opacity=\"\(Self.number(fillOpacity))\"" }
        elements.append(Self.element("polyline", attributes, tooltip: tooltip))
    }

    /// A closed, filled shape without outline (a confidence band).
    mutating func polygon(_ points: [(x: Double, y: Double)], fill: String, opacity: Double, tooltip: String? = nil) {
        let coordinates = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
        let attributes = "points=\"\(coordinates)\" fill=\"\(HTMLEscape.attribute(fill))\" "
            + "fill-opacity=\"\(Self.number(opacity))\" stroke=\"none\""
        elements.append(Self.element("polygon", attributes, tooltip: tooltip))
    }

    mutating func circle(x: Double, y: Double, radius: Double, fill: String, tooltip: String? = nil) {
        let attributes = "cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" "
            + "fill=\"\(HTMLEscape.attribute(fill))\""
        elements.append(Self.element("circle", attributes, tooltip: tooltip))
    }

    /// Text; `rotation` in degrees around its anchor point.
    mutating func text(_ content: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12,
                       bold: Bool = false, fill: String = Palette.ink, rotation: Double? = nil,
                       middleBaseline: Bool = false) {
        var attributes = "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" "
            + "fill=\"\(HTMLEscape.attribute(fill))\""
        if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { attributes += " font-weight=\"600\"" }
        if middleBaseline { attributes += " dominant-baseline=\"central\"" }
        if let rotation {
            attributes += " transform=\"rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))\""
        }
        elements.append("<text \(attributes)>\(HTMLEscape.text(content))</text>")
    }

    /// A chart's title at the top left, cut with "…" to the canvas's width (the full text stays
    /// as its tooltip): a long metric meaning never runs off the chart.
    mutating func title(_ content: String, size: Double) {
        let room = width - 24
        var shown = content
        if Self.textWidth(shown, size: size) > room {
            let fits = max(1, Int(room / (size * 0.6)) - 1)
            shown = String(content.prefix(fits)) + "…"
        }
        var text = "<text x=\"12\" y=\"20\" font-size=\"\(Self.number(size))\" fill=\"\(HTMLEscape.attribute(Palette.ink))\" "
            + "font-weight=\"600\">"
        if shown != content { text += "<title>\(HTMLEscape.text(content))</title>" }
        elements.append(text + HTMLEscape.text(shown) + "</text>")
    }

    /// The finished `<svg>`; `label` is its accessible name.
    func render(label: String) -> String {
        let header = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" width=\"\(Self.number(width))\" "
            + "height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
            + "role=\"img\" aria-label=\"\(HTMLEscape.attribute(label))\" "
            + "font-family=\"\(HTMLEscape.attribute(Self.fontFamily))\">"
        return ([header] + elements + ["</svg>"]).joined(separator: "\n")
    }

    /// Rough width of a label in pixels (no font metrics without a renderer): 0.6 em a
    /// character, the width of digits in DejaVu Sans, the widest of the usual fallback fonts.
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }

    private static func dash(_ style: LineStyle) -> String {
        switch style {
        case .solid: return ""
        case .dashed: return " stroke-dasharray=\"7 4\""
        case .dotted: return " stroke-dasharray=\"1.5 3.5\""
        }
    }

    private static func element(_ name: String, _ attributes: String, tooltip: String?) -> String {
        guard let tooltip else { return "<\(name) \(attributes)/>" }
        return "<\(name) \(attributes)><title>\(HTMLEscape.text(tooltip))</title></\(name)>"
    }
}
