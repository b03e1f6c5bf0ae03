import CEODomain
/// The pages a kind of business needs, in navigation order, with what each is for.
enum Sitemaps {
    static func pages(for profile: IndustryProfile) -> [(page: String, purpose: String)] {
        let specific: [(String, String)] = switch profile.key {
        case "software": [
            ("Product", "what it does, for whom, with screenshots"), ("Pricing", "plans, what each includes, FAQ"),
            ("Integrations", "the tools it connects to"), ("Customers", "case studies and logos"),
            ("Docs", "getting started and API reference"), ("Security", "how data is protected, sub-processors"),
            ("Blog", "articles from the content plan"), ("Book a demo", "a short form that goes to the CRM"), ("Sign in", "link to the app"),
        ]
        case "food_beverage": [
            ("Menu", "dishes with prices and dietary labels, as HTML rather than a PDF"), ("Order online", "pickup and delivery links"),
            ("Reservations", "booking widget or phone"), ("Visit us", "address, map, hours, parking"), ("Events and catering", "private dining enquiries"),
        ]
        case "healthcare": [
            ("Services", "conditions treated and how care works"), ("Clinicians", "who you will see, with qualifications"),
            ("Book an appointment", "online booking, and what to expect"), ("Fees and insurance", "prices, insurers accepted, payment"),
            ("Patient information", "preparing for a visit, records requests, complaints"), ("Accessibility statement", "how the site meets WCAG"),
        ]
        case "retail": [
            ("Shop", "collections and product pages"), ("Lookbook", "the products in use"), ("Shipping and returns", "costs, times, the returns window"),
            ("Stores", "locations and hours, if any"), ("Cart and checkout", "the shop platform's checkout"),
        ]
        case "education", "fitness": [
            ("Programmes", "what is offered, levels, schedule"), ("Pricing", "memberships or course fees"),
            ("Instructors", "who teaches"), ("Book a trial", "first-session sign-up"), ("Timetable", "when and where"),
        ]
        default: [
            ("Services", "what is offered and for whom"), ("Work", "examples and case studies"),
            ("Pricing", "packages or how pricing works"), ("Get a quote", "enquiry form"),
        ]
        }
        return [("Home", "who it is for, the main benefit, one call to action")] + specific
            + [("About", "the story and the team"), ("Contact", "form, email, phone, address"), ("Privacy and terms", "the legal agent's policies")]
    }
}
