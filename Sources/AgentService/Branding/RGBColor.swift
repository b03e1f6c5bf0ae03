import Foundation

/// An sRGB colour with 8-bit channels, written `#RRGGBB`.
public struct RGBColor: Hashable, Sendable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Parses `#RRGGBB` or `RRGGBB` (either case); nil for anything else.
    public init?(hex: String) {
        let digits = hex.hasPrefix("#") ? hex.dropFirst() : Substring(hex)
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
        self.init(red: UInt8(value >> 16 & 0xFF), green: UInt8(value >> 8 & 0xFF), blue: UInt8(value & 0xFF))
    }

    /// `#RRGGBB`, upper-case.
    public var hex: String {
        "#" + [red, green, blue].map { channel in
            let text = String(channel, radix: 16, uppercase: true)
            return channel < 16 ? "0" + text : text
        }.joined()
    }

    public var description: String { hex }

    /// WCAG 2.x relative luminance (0 for black, 1 for white).
    public var relativeLuminance: Double {
        func linear(_ channel: UInt8) -> Double {
            let value = Double(channel) / 255
            return value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// WCAG 2.x contrast ratio with `other`, from 1 (same luminance) to 21 (black on white).
    public func contrastRatio(with other: RGBColor) -> Double {
        let (lighter, darker) = relativeLuminance >= other.relativeLuminance
            ? (relativeLuminance, other.relativeLuminance) : (other.relativeLuminance, relativeLuminance)
        return (lighter + 0.05) / (darker + 0.05)
    }
}

/// WCAG 2.x success criteria for text contrast.
public enum ContrastLevel: Double, Sendable, CaseIterable {
    /// AA for large text (≥ 18 pt, or 14 pt bold), and for UI components (1.4.11).
    case aaLargeText = 3.0
    /// AA for body text (1.4.3).
    case aaBodyText = 4.5
    /// AAA for body text (1.4.6).
    case aaaBodyText = 7.0

    /// The best level `ratio` meets, if any.
    public static func met(by ratio: Double) -> ContrastLevel? {
        allCases.filter { ratio >= $0.rawValue }.max { $0.rawValue < $1.rawValue }
    }
}
