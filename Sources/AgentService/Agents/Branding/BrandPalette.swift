/// A brand palette derived from a base hue, with every text/background pair checked
/// against WCAG 2.x and adjusted until it passes.
struct BrandPalette: Sendable {
    struct Pair: Sendable {
        let use: String
        let foreground: String
        let background: String
        let ratio: Double
        let required: ContrastLevel
    }

    let colours: [(role: String, color: RGBColor)]
    let pairs: [Pair]

    init(hue: Double) {
        let white = RGBColor(red: 255, green: 255, blue: 255)
        let background = HSLColor(hue: hue, saturation: 0.30, lightness: 0.98).rgb
        let text = HSLColor(hue: hue, saturation: 0.25, lightness: 0.14).adjusted(toMeet: .aaaBodyText, on: background)
        // The primary carries links and headings on the background, and white button labels on itself.
        let primaryOnBackground = HSLColor(hue: hue, saturation: 0.62, lightness: 0.42).adjusted(toMeet: .aaBodyText, on: background)
        let primary = HSLColor(primaryOnBackground).adjusted(toMeet: .aaBodyText, on: white)
        let secondary = HSLColor(hue: hue + 150, saturation: 0.45, lightness: 0.36).adjusted(toMeet: .aaBodyText, on: background)
        let accent = HSLColor(hue: hue + 35, saturation: 0.85, lightness: 0.55).adjusted(toMeet: .aaLargeText, on: background)
        let dark = HSLColor(hue: hue, saturation: 0.30, lightness: 0.12).adjusted(toMeet: .aaaBodyText, on: background)
        colours = [
            ("primary", primary), ("secondary", secondary), ("accent", accent), ("text", text),
            ("background", background), ("surface_dark", dark),
        ]
        func pair(_ use: String, _ fg: RGBColor, _ bg: RGBColor, _ level: ContrastLevel) -> Pair {
            Pair(use: use, foreground: fg.hex, background: bg.hex, ratio: fg.contrastRatio(with: bg), required: level)
        }
        pairs = [
            pair("body text on background", text, background, .aaBodyText),
            pair("links and headings (primary) on background", primary, background, .aaBodyText),
            pair("button label (white) on primary", white, primary, .aaBodyText),
            pair("secondary text on background", secondary, background, .aaBodyText),
            pair("accent (large text, icons) on background", accent, background, .aaLargeText),
            pair("background-coloured text on dark sections", background, dark, .aaBodyText),
        ]
    }
}

extension ContrastLevel {
    var label: String {
        switch self {
        case .aaLargeText: "AA large text (3:1)"
        case .aaBodyText: "AA body text (4.5:1)"
        case .aaaBodyText: "AAA body text (7:1)"
        }
    }
}
