public import CEODomain
import Foundation

/// Catalogs for tests that prove a new agent needs only its catalog entry (and its own code).
public enum CatalogFixtures {
    /// The machine name of the extra agent in ``withHiringAgent()``.
    public static let hiringMachineName = "hiring"
    /// Its wire number: one the generated enum does not list.
    public static let hiringWireValue = 7

    /// One catalog entry in `agents.json`'s format: a hiring agent that builds on branding.
    public static let hiringEntry = """
        {
          "machine_name": "\(hiringMachineName)",
          "wire_value": \(hiringWireValue),
          "title": "Hiring",
          "short_title": "Hiring",
          "description": "Job descriptions, where to post them and an interview plan for the first hires.",
          "color": "#0891b2",
          "keywords": ["hire", "hiring", "recruit", "recruiting", "first hires", "job description"],
          "do_it_yourself": "Write each role's outcomes yourself and post it where your candidates look.", "first_paid_item": "nothing yet",
          "planning": {
            "weight": 0.10,
            "minimum_cents": 20000,
            "depends_on": ["branding"],
            "task_title": "Hiring plan for {company}"
          }
        }
        """

    /// The bundled catalog with ``hiringEntry`` appended.
    public static func withHiringAgent() throws -> AgentCatalog {
        try AgentCatalog(agents: AgentCatalog.standard.agents + [profile(hiringEntry)], file: "test catalog")
    }

    /// A profile from one entry in `agents.json`'s format.
    public static func profile(_ entry: String) throws -> AgentProfile {
        try JSONDecoder().decode(AgentProfile.self, from: Data(entry.utf8))
    }
}
