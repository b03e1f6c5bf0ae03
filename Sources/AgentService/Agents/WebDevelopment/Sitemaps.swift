import CEODomain
/// The pages a kind of business needs, in navigation order, with what each is for: the
/// industry playbook's pages between the pages every site has.
enum Sitemaps {
    static func pages(for profile: IndustryProfile, city: String = "") -> [(page: String, purpose: String)] {
        let specific = profile.playbook.pages.map { ($0.page.filling(city: city), $0.purpose.filling(city: city)) }
        return [("Home", "who it is for, the main benefit, one call to action")] + specific
            + [("About", "the story and the team"), ("Contact", "form, email, phone, address"), ("Privacy and terms", "the legal agent's policies")]
    }
}
