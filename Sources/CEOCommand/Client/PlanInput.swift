import ArgumentParser
import Foundation
import Yams

/// A company and its objectives, from flags or a JSON/YAML file (flags win), in the
/// analyze request's shape: `{company_name, industry, location, country?, currency?, budget, timeline, objectives}`.
struct PlanInput: ParsableArguments {
    @Option(name: .shortAndLong, help: "A JSON or YAML file with company_name, industry, location, budget, timeline, objectives (and reserve_percent).")
    var file: String?

    @Option(help: "The company's name.")
    var companyName: String?

    @Option(help: "The industry, for example \"Tex-Mex restaurant\".")
    var industry: String?

    @Option(help: "City and state or country, for example \"Austin, TX\" or \"Munich, Germany\".")
    var location: String?

    @Option(help: "The country's ISO code (\"DE\"); wins over the location text.")
    var country: String?

    @Option(help: "The currency of every amount: USD (default), EUR, GBP, CAD or AUD.")
    var currency: String?

    @Option(help: "Budget in the currency's major units: $100–$100,000 or the equivalent (GBP 75–74,060).")
    var budget: Double?

    @Option(help: "Timeline in days (7–730).")
    var timeline: Int?

    @Option(name: .customLong("objective"), help: "An objective (repeat for more).")
    var objectives: [String] = []

    @Option(help: "Share of the budget held back, 0–50 (default 10).")
    var reservePercent: Int?

    /// The request body; the server checks every rule and names the field it refuses.
    func body() throws -> [String: Any] {
        var body: [String: Any] = [:]
        if let file {
            body = try Self.read(file)
        }
        if let companyName { body["company_name"] = companyName }
        if let industry { body["industry"] = industry }
        if let location { body["location"] = location }
        if let country { body["country"] = country }
        if let currency { body["currency"] = currency }
        if let budget { body["budget"] = budget }
        if let timeline { body["timeline"] = timeline }
        if !objectives.isEmpty { body["objectives"] = objectives }
        if let reservePercent { body["reserve_percent"] = reservePercent }
        let missing = ["company_name", "industry", "location", "budget", "timeline", "objectives"].filter { body[$0] == nil }
        guard missing.isEmpty else {
            throw ValidationError("missing \(missing.joined(separator: ", ")): pass --\(missing[0].replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: "objectives", with: "objective")) or a --file that has it")
        }
        return body
    }

    /// A file's object; `.json` as JSON, anything else as YAML (which JSON also is).
    static func read(_ path: String) throws -> [String: Any] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("--file: cannot read '\(path)'")
        }
        let value: Any?
        do {
            if path.lowercased().hasSuffix(".json") {
                value = try JSONSerialization.jsonObject(with: Data(text.utf8))
            } else {
                value = try Yams.load(yaml: text)
            }
        } catch {
            throw ValidationError("--file: '\(path)' is not valid \(path.lowercased().hasSuffix(".json") ? "JSON" : "YAML"): \(error)")
        }
        guard var object = value as? [String: Any] else {
            throw ValidationError("--file: '\(path)' must hold an object with company_name, industry, location, budget, timeline and objectives")
        }
        // The WebSocket's shape is accepted too: {company_info: {...}, objectives: [...]}.
        if let company = object.removeValue(forKey: "company_info") as? [String: Any] {
            object.merge(company) { current, _ in current }
        }
        return object
    }
}
