import CEODomain
/// Industry- and location-specific rules a founder must not miss, from the company's
/// industry profile, the words of its industry, and where it is.
struct RegulationFlag: Equatable {
    /// Short tag, for example `health_data`, `payments`, `alcohol`.
    let topic: String
    let title: String
    let action: String
}

enum RegulationFlags {
    static func flags(industry: String, profile: IndustryProfile, location: CompanyLocation) -> [RegulationFlag] {
        let words = Set(industry.lowercased().split { !$0.isLetter && $0 != "-" }.map(String.init))
        let us: Bool
        let stateName: String
        switch location {
        case .unitedStates(let state, _): us = true; stateName = state.name
        default: us = false; stateName = ""
        }
        let uk = location.countryCode == "GB"
        var flags: [RegulationFlag] = []

        switch profile.key {
        case "healthcare":
            if us {
                flags.append(RegulationFlag(topic: "health_data", title: "HIPAA (health data)",
                    action: "If you are a covered entity or handle protected health information for one, follow the HIPAA Privacy and Security Rules: risk analysis, access controls, audit logs, and a Business Associate Agreement with every vendor that touches patient data (hosting, email, analytics)."))
                flags.append(RegulationFlag(topic: "licensing", title: "Clinical licensing in \(stateName)",
                    action: "Clinicians must be licensed in the state where the patient is; telehealth across state lines needs a licence in each state or an interstate compact."))
            } else if uk {
                flags.append(RegulationFlag(topic: "health_data", title: "UK GDPR special-category data (health)",
                    action: "Health data needs an Article 9 condition, a data protection impact assessment before launch, and processor contracts with every vendor that touches it. Keep it out of marketing analytics."))
                flags.append(RegulationFlag(topic: "licensing", title: "Care Quality Commission registration",
                    action: "Providing regulated activities in England (for example diagnosis, treatment or remote consultations) requires CQC registration before the first patient; allow several months."))
                flags.append(RegulationFlag(topic: "nhs", title: "NHS Data Security and Protection Toolkit",
                    action: "Complete the DSP Toolkit before working with NHS organisations or their patient data."))
            } else {
                flags.append(RegulationFlag(topic: "health_data", title: "Health data protection",
                    action: "Health data is specially protected almost everywhere: confirm the local law (consent, storage location, breach reporting) before collecting any."))
            }
        case "food_beverage":
            if us {
                flags.append(RegulationFlag(topic: "food_safety", title: "Food establishment permit",
                    action: "Get the food establishment permit from the city or county health department and pass the pre-opening inspection; at least one certified food manager on staff\(stateName == "Texas" ? " (Texas requires a Certified Food Manager and food handler cards)" : "")."))
                flags.append(RegulationFlag(topic: "alcohol", title: "Alcohol licence",
                    action: stateName == "Texas"
                        ? "If you will serve beer, wine or spirits you need a Texas Alcoholic Beverage Commission (TABC) permit before the first sale; apply 60–90 days ahead, and post the required signage."
                        : "If you will serve alcohol you need the state alcohol permit (and often a local one) before the first sale; apply months ahead."))
                flags.append(RegulationFlag(topic: "sales_tax", title: "Sales tax permit",
                    action: "Register for a sales tax permit with the \(stateName.isEmpty ? "state" : stateName) tax authority before the first sale; food and drink sold for consumption on the premises is usually taxable."))
            } else if uk {
                flags.append(RegulationFlag(topic: "food_safety", title: "Food business registration",
                    action: "Register with the local council at least 28 days before opening (free); expect a food hygiene inspection and rating."))
                flags.append(RegulationFlag(topic: "alcohol", title: "Premises licence",
                    action: "Selling alcohol needs a premises licence from the council and a designated premises supervisor with a personal licence (Licensing Act 2003)."))
            } else {
                flags.append(RegulationFlag(topic: "food_safety", title: "Food safety and alcohol",
                    action: "Register the food business with the local authority and get any alcohol licence before the first sale."))
            }
        case "finance":
            flags.append(RegulationFlag(topic: "financial_licensing", title: "Financial services licensing",
                action: uk ? "Payments, lending or investment services need FCA authorisation or registration (or an agent arrangement with an authorised firm) before launch."
                    : "Moving or holding customer money may need money transmitter licences state by state (or a sponsor bank); lending needs state lender licences. Confirm before launch."))
            flags.append(RegulationFlag(topic: "aml", title: "Anti-money-laundering",
                action: "Know-your-customer checks, sanctions screening and an AML programme proportionate to the risk."))
        case "software":
            flags.append(RegulationFlag(topic: "data_protection", title: "Customer data protection",
                action: "Offer B2B customers a data processing agreement, list your sub-processors, and document security (a SOC 2 readiness plan answers most enterprise questionnaires). EU/UK users bring GDPR; California users can bring CCPA/CPRA."))
        case "education":
            flags.append(RegulationFlag(topic: "children", title: "Children's data",
                action: us ? "Collecting data from children under 13 requires verifiable parental consent (COPPA); working with schools brings FERPA obligations."
                    : "Children's data needs extra care (UK Age Appropriate Design Code, parental consent where required)."))
        case "fitness":
            flags.append(RegulationFlag(topic: "liability", title: "Participant waivers and insurance",
                action: "Have participants sign a liability waiver and carry general and professional liability insurance before the first class."))
        default:
            break
        }

        let takesPayments = ["food_beverage", "retail", "fitness", "software", "education", "healthcare"].contains(profile.key)
            || words.contains("payments") || words.contains("ecommerce") || words.contains("e-commerce")
        if takesPayments {
            flags.append(RegulationFlag(topic: "payments", title: "Card payments (PCI DSS)",
                action: "Take cards only through a PCI DSS-compliant provider's hosted checkout or terminal so that card numbers never touch your systems; complete the provider's self-assessment questionnaire each year."))
        }
        if profile.key == "retail" {
            flags.append(RegulationFlag(topic: "consumer", title: "Consumer rights and sales tax",
                action: uk ? "Online sales carry a 14-day cancellation right and clear pre-contract information (Consumer Contracts Regulations)."
                    : "Publish returns and shipping terms; collect sales tax where you have nexus (including economic nexus from online sales)."))
        }
        if us {
            flags.append(RegulationFlag(topic: "local_licence", title: "Local business licence",
                action: "Check the city and county for a general business licence, zoning approval and signage permits before opening."))
        }
        return flags
    }
}
