import Foundation

extension ColorScale {
    /// The colour stops, as RGB at evenly spaced positions from 0 to 1.
    var stops: [(red: Double, green: Double, blue: Double)] {
        switch self {
        case .redYellowGreen:   // RdYlGn: 0 red, 0.5 yellow, 1 green
            return [(215, 48, 39), (252, 141, 89), (254, 224, 139), (145, 207, 96), (26, 152, 80)]
        case .greenYellowRed:   // RdYlGn reversed
            return ColorScale.redYellowGreen.stops.reversed()
        case .whiteBlue:        // Blues: 0 white, 1 dark blue
            return [(247, 251, 255), (198, 219, 239), (107, 174, 214), (33, 113, 181), (8, 48, 107)]
        }
    }

    /// The colour at `fraction` (clamped to 0…1), interpolated between stops.
    func rgb(_ fraction: Double) -> (red: Double, green: Double, blue: Double) {
        let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let scaled = clamped * Double(stops.count - 1)
        let index = min(stops.count - 2, Int(scaled))
        let local = scaled - Double(index)
        let from = stops[index], to = stops[index + 1]
        return (from.red + (to.red - from.red) * local,
                from.green + (to.green - from.green) * local,
                from.blue + (to.blue - from.blue) * local)
    }

    /// `#rrggbb` at `fraction`.
    func hex(_ fraction: Double) -> String {
        let color = rgb(fraction)
        return "#" + [color.red, color.green, color.blue].map { component in
            let byte = Int(component.rounded())
            let digits = String(min(255, max(0, byte)), radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// Dark text on light cells, white on dark ones (relative luminance).
    func textColor(_ fraction: Double) -> String {
        let color = rgb(fraction)
        let luminance = (0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue) / 255
        return luminance < 0.5 ? "#ffffff" : Palette.ink
    }
}
