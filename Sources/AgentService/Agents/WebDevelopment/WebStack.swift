import CEODomain
/// The kinds of website the playbook builds, from cheapest to most capable.
enum WebStack: String, CaseIterable {
    /// Hand-built static pages on a free CDN host.
    case staticSite = "static"
    /// A hosted CMS the founder edits without a developer.
    case cms
    /// A hosted shop with catalogue, checkout and payments.
    case commerce
    /// A custom application on a small cloud server with a managed database.
    case custom

    var label: String {
        switch self {
        case .staticSite: "Static site"
        case .cms: "CMS site"
        case .commerce: "Online shop"
        case .custom: "Custom web application"
        }
    }

    /// Information-architecture and build hours.
    var hours: (architecture: Int32, build: Int32) {
        switch self {
        case .staticSite: (2, 8)
        case .cms: (3, 24)
        case .commerce: (3, 28)
        case .custom: (4, 60)
        }
    }

    /// Tool-price ids of the monthly hosting.
    var hostingPriceIds: [String] {
        switch self {
        case .staticSite: ["cloudflare_pages_free"]
        case .cms: ["webflow_cms_month"]
        case .commerce: ["shopify_basic_month"]
        case .custom: ["digitalocean_droplet_month", "digitalocean_postgres_month"]
        }
    }

    var technology: String {
        switch self {
        case .staticSite: "Astro generating static HTML, deployed to Cloudflare Pages from a Git repository; forms through a hosted form endpoint"
        case .cms: "Webflow CMS: visual editing, collections for posts and pages, hosting and TLS included"
        case .commerce: "Shopify Basic: catalogue, checkout, payments, taxes and shipping rules, with a theme customised to the brand"
        case .custom: "A server-rendered web app (for example SvelteKit or Next.js) on a DigitalOcean droplet behind a CDN, with managed PostgreSQL, CI deploys and daily backups"
        }
    }

    var why: String {
        switch self {
        case .staticSite: "the budget is best spent on a fast, secure site with nothing to patch; content changes go through the developer or Git"
        case .cms: "the team edits pages and posts itself, without a developer for every change"
        case .commerce: "selling online needs checkout, payments and stock handled by a proven platform"
        case .custom: "the product needs accounts and application logic that a CMS cannot carry"
        }
    }

    /// The stacks a kind of business wants, most capable first.
    static func preferences(for profile: IndustryProfile, objectives: [String] = []) -> [WebStack] {
        let base = profile.playbook.webStacks.compactMap(WebStack.init(rawValue:))
        // An objective that sells online needs a checkout, whatever the industry.
        guard sellsOnline(objectives), base.first != .commerce else { return base }
        return [.commerce] + base.filter { $0 != .commerce }
    }

    /// Words of an objective that sells online: an online store, a shop, a checkout.
    static let sellingOnline = ["online store", "online shop", "e-commerce", "ecommerce", "checkout", "sell online", "online sales", "webshop", "web shop"]

    static func sellsOnline(_ objectives: [String]) -> Bool {
        let text = " " + objectives.joined(separator: " ").lowercased() + " "
        return sellingOnline.contains { text.contains($0) }
    }
}
