extension Array where Element == String {
    /// Whether `run` appears in these words as consecutive words ("second site" in
    /// ["find", "a", "second", "site"]); an empty run never does. Matching whole words this
    /// way equals searching " w1 w2 … " for " run " without a text search per phrase.
    public func containsRun(_ run: [String]) -> Bool {
        guard !run.isEmpty, run.count <= count else { return false }
        for start in 0...(count - run.count) where self[start] == run[0] {
            if (1..<run.count).allSatisfy({ self[start + $0] == run[$0] }) { return true }
        }
        return false
    }
}

extension String {
    /// The words of a phrase as written in the reference data, split at single spaces
    /// (two spaces in a row leave an empty word, which matches nothing).
    var phraseWords: [String] { split(separator: " ", omittingEmptySubsequences: false).map(String.init) }
}
