/// Deliverable attributes the agents set and the export reads, named once.
public enum DeliverableAttribute {
    /// The sources of figures in a deliverable's text, one per line; the export numbers
    /// them with the line items' sources.
    public static let cites = "cites"
}
