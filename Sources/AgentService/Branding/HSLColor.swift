/// A colour as hue (0–360°), saturation and lightness (0–1), for deriving palettes.
public struct HSLColor: Hashable, Sendable {
    public var hue: Double
    public var saturation: Double
    public var lightness: Double

    public init(hue: Double, saturation: Double, lightness: Double) {
        self.hue = (hue.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360)
        self.saturation = min(max(saturation, 0), 1)
        self.lightness = min(max(lightness, 0), 1)
    }

    public init(_ rgb: RGBColor) {
        let r = Double(rgb.red) / 255, g = Double(rgb.green) / 255, b = Double(rgb.blue) / 255
        let high = max(r, g, b), low = min(r, g, b)
        let lightness = (high + low) / 2
        guard high != low else {
            self.init(hue: 0, saturation: 0, lightness: lightness)
            return
        }
        let delta = high - low
        let saturation = lightness > 0.5 ? delta / (2 - high - low) : delta / (high + low)
        let hue: Double
        switch high {
        case r: hue = (g - b) / delta + (g < b ? 6 : 0)
        case g: hue = (b - r) / delta + 2
        default: hue = (r - g) / delta + 4
        }
        self.init(hue: hue * 60, saturation: saturation, lightness: lightness)
    }

    public var rgb: RGBColor {
        let chroma = (1 - abs(2 * lightness - 1)) * saturation
        let sector = hue / 60
        let x = chroma * (1 - abs(sector.truncatingRemainder(dividingBy: 2) - 1))
        let (r, g, b): (Double, Double, Double) = switch sector {
        case ..<1: (chroma, x, 0)
        case ..<2: (x, chroma, 0)
        case ..<3: (0, chroma, x)
        case ..<4: (0, x, chroma)
        case ..<5: (x, 0, chroma)
        default: (chroma, 0, x)
        }
        let m = lightness - chroma / 2
        func channel(_ value: Double) -> UInt8 { UInt8(min(max(((value + m) * 255).rounded(), 0), 255)) }
        return RGBColor(red: channel(r), green: channel(g), blue: channel(b))
    }

    /// This colour made darker or lighter, step by step, until it reaches `level`
    /// against `background` (darker on light backgrounds, lighter on dark ones).
    /// Black or white when no step reaches it.
    public func adjusted(toMeet level: ContrastLevel, on background: RGBColor) -> RGBColor {
        let darken = background.relativeLuminance > 0.18
        var candidate = self
        for _ in 0...100 {
            if candidate.rgb.contrastRatio(with: background) >= level.rawValue { return candidate.rgb }
            candidate.lightness = min(max(candidate.lightness + (darken ? -0.01 : 0.01), 0), 1)
        }
        return darken ? RGBColor(red: 0, green: 0, blue: 0) : RGBColor(red: 255, green: 255, blue: 255)
    }
}
