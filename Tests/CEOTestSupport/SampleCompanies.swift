public import CEOAPI

/// The three contrasting companies the agents and the orchestrator are judged on.
public enum SampleCompanies {
    public static func company(_ name: String, _ industry: String, _ location: String, dollars: Int64, days: Int32) -> Company {
        var company = Company()
        company.name = name
        company.industry = industry
        company.location = location
        company.budgetCents = dollars * 100
        company.timelineDays = days
        return company
    }

    public static let delawareSaaS = company("Ledgerly", "B2B SaaS for accounting teams", "Wilmington, DE", dollars: 50_000, days: 180)
    public static let texasRestaurant = company("Casa Lumbre", "Tex-Mex restaurant", "Austin, TX", dollars: 3_000, days: 60)
    public static let londonHealthcare = company("Kindred Clinic", "digital healthcare", "London, UK", dollars: 20_000, days: 90)

    public static let all = [delawareSaaS, texasRestaurant, londonHealthcare]
}
