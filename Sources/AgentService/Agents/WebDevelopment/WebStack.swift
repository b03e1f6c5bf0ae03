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

    /// What a month of care means on this stack.
    var care: String {
        switch self {
        case .staticSite: "dependency updates and a rebuild, a check that the form endpoint still delivers, and the uptime report"
        case .cms: "a review of Webflow's form submissions and CMS items, the site backup restored to staging once a quarter, and broken links fixed"
        case .commerce: "theme and app updates applied on a duplicate theme first, a test order, and stock and shipping rules checked against the season"
        case .custom: "operating-system and dependency patches, a restore of last night's database backup to staging, and the error log read"
        }
    }

    /// How this stack is built, in one sentence.
    var buildNotes: String {
        switch self {
        case .staticSite: "Pages are Astro components in a Git repository; every merge deploys to Cloudflare Pages, so a change is a pull request"
        case .cms: "Pages and posts are Webflow collections with their own templates, so the team adds a post or a page without touching the design"
        case .commerce: "The Shopify theme is customised to the brand, with products, collections, shipping zones and taxes set up in the admin"
        case .custom: "The app has its own routes for accounts and data behind the marketing pages, with migrations, CI deploys and a staging copy"
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
