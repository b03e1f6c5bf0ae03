import CEODomain
import Foundation
import Testing

/// An agent's machine name is a fact of the catalog: no source file spells it out as a
/// literal except the catalog's data, the agent's own folder and generated code.
@Suite("No agent machine name is written outside the catalog")
struct MachineNameLiteralTests {
    /// The repository, from this file's path (Tests/CEODomainTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Literals that spell a machine name but mean something else, with why.
    static let otherMeanings: [(file: String, literal: String, why: String)] = [
        ("Sources/AgentService/Model/OpenAICompatibleModel.swift", "content", "a chat-completions message's `content` field"),
    ]

    @Test("Swift, JavaScript, CSS, HTML and JSON under Sources/ name no agent, outside the allowed places")
    func noLiterals() throws {
        let names = AgentCatalog.standard.agents.map(\.machineName)
        var found: [String] = []
        let sources = Self.root.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        for case let url as URL in files {
            let path = String(url.path.dropFirst(Self.root.path.count + 1))
            guard !Self.isAllowedPlace(path) else { continue }
            let ext = url.pathExtension
            guard ["swift", "js", "css", "html", "json"].contains(ext), let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for name in names where !Self.isAgentFolder(path, of: name) {
                let hits = ext == "json" ? Self.jsonValues(text, equalTo: name) : Self.codeLiterals(text, of: name)
                for line in hits where !Self.otherMeanings.contains(where: { $0.file == path && $0.literal == name }) {
                    found.append("\(path):\(line): '\(name)'")
                }
            }
        }
        #expect(found.isEmpty, "machine names written outside the catalog:\n\(found.joined(separator: "\n"))")
    }

    @Test("the check finds a literal where one is written")
    func detects() {
        #expect(Self.codeLiterals(#"let agent = "web_development""#, of: "web_development") == [1])
        #expect(Self.codeLiterals(".bar.agent-legal { fill: var(--legal); }", of: "legal") == [1])
        #expect(Self.codeLiterals("/// `web_development` in a comment", of: "web_development").isEmpty)
        #expect(Self.jsonValues(#"{"enum": ["branding"], "content": {}}"#, equalTo: "branding") == [1])
        #expect(Self.jsonValues(#"{"content": {}}"#, equalTo: "content").isEmpty)
        #expect(Self.isAgentFolder("Sources/AgentService/Agents/WebDevelopment/WebStack.swift", of: "web_development"))
        #expect(!Self.isAgentFolder("Sources/AgentService/Agents/Shared/PlanPricing.swift", of: "legal"))
    }

    /// Data files, generated code.
    static func isAllowedPlace(_ path: String) -> Bool {
        path.contains("/Data/") || path.contains("/Generated/")
    }

    /// `Sources/AgentService/Agents/WebDevelopment/…` belongs to `web_development`.
    static func isAgentFolder(_ path: String, of name: String) -> Bool {
        let parts = path.split(separator: "/")
        guard parts.count > 3, parts[0] == "Sources", parts[1] == "AgentService", parts[2] == "Agents" else { return false }
        return parts[3].lowercased() == name.replacingOccurrences(of: "_", with: "")
    }

    /// Lines (1-based) of code, comments left out, that quote the name or use it as a CSS name.
    static func codeLiterals(_ text: String, of name: String) -> [Int] {
        let pattern = "[\"'`]\(name)[\"'`]|--\(name)\\b|agent-\(name)\\b"
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            let code = line.trimmingCharacters(in: .whitespaces)
            if code.hasPrefix("//") || code.hasPrefix("*") || code.hasPrefix("/*") { return nil }
            return line.range(of: pattern, options: .regularExpression) == nil ? nil : index + 1
        }
    }

    /// Lines (1-based) of a JSON document where a string value (not a key) is the name.
    static func jsonValues(_ text: String, equalTo name: String) -> [Int] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            line.range(of: "\"\(name)\"(?!\\s*:)", options: .regularExpression) == nil ? nil : index + 1
        }
    }
}
