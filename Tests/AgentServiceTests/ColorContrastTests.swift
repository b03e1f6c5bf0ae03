import AgentService
import Testing

@Suite("WCAG colour contrast")
struct ColorContrastTests {
    @Test("contrast ratios match WCAG's reference values")
    func referenceRatios() throws {
        let black = try #require(RGBColor(hex: "#000000"))
        let white = try #require(RGBColor(hex: "#FFFFFF"))
        #expect(abs(black.contrastRatio(with: white) - 21) < 0.001)
        #expect(abs(white.contrastRatio(with: white) - 1) < 0.001)
        // #767676 on white is the classic lightest grey that passes AA (4.54:1).
        let grey = try #require(RGBColor(hex: "767676"))
        #expect(abs(grey.contrastRatio(with: white) - 4.54) < 0.01)
        #expect(ContrastLevel.met(by: grey.contrastRatio(with: white)) == .aaBodyText)
        // #777777 just fails it (4.48:1).
        #expect(ContrastLevel.met(by: RGBColor(hex: "#777777")!.contrastRatio(with: white)) == .aaLargeText)
        #expect(RGBColor(hex: "#0000ff")!.contrastRatio(with: white) > 8.59)
        #expect(ContrastLevel.met(by: 1.5) == nil)
    }

    @Test("hex round-trips and bad hex is refused", arguments: ["#1A2B3C", "#FFFFFF", "#000000", "#0A0B0C"])
    func hex(text: String) throws {
        #expect(try #require(RGBColor(hex: text)).hex == text)
        #expect(RGBColor(hex: "#12345") == nil)
        #expect(RGBColor(hex: "#GGGGGG") == nil)
    }

    @Test("HSL conversion round-trips within one step per channel", arguments: ["#1A2B3C", "#E63946", "#2A9D8F", "#F4A261", "#808080"])
    func hslRoundTrip(text: String) throws {
        let color = try #require(RGBColor(hex: text))
        let back = HSLColor(color).rgb
        #expect(abs(Int(back.red) - Int(color.red)) <= 1 && abs(Int(back.green) - Int(color.green)) <= 1 && abs(Int(back.blue) - Int(color.blue)) <= 1)
    }

    @Test("a brand colour is adjusted until it meets the level on its background, light or dark", arguments: [
        ("#F4A261", "#FFFFFF"), ("#2A9D8F", "#FFFFFF"), ("#1D3557", "#0B0B0F"), ("#FFD166", "#FAFAFA"),
    ])
    func adjustment(foreground: String, background: String) throws {
        let back = try #require(RGBColor(hex: background))
        for level in ContrastLevel.allCases {
            let adjusted = HSLColor(try #require(RGBColor(hex: foreground))).adjusted(toMeet: level, on: back)
            #expect(adjusted.contrastRatio(with: back) >= level.rawValue, "\(adjusted) on \(back) for \(level)")
        }
    }
}
