/// "Did you mean …?" for a field name that no source type uses: the known field name
/// or alias (``FieldRole/knownKeys``) it is most likely a misspelling or a wordier
/// form of (`Bucket Name` → `bucket`, `acess_key` → `access_key`, `SAS` → `sas_token`).
public enum FieldSuggestion {
    /// The known key closest to `key` (canonical, see ``FieldRole/canonicalKey(_:)``), or nil
    /// when none is close enough to be a useful guess.
    public static func suggestion(for key: String) -> String? {
        let key = FieldRole.canonicalKey(key)
        guard !key.isEmpty else { return nil }
        // A misspelling: few edits apart (one for short names, where two is most of the word).
        let budget = key.count <= 4 ? 1 : 2
        var best: (key: String, distance: Int)?
        for known in FieldRole.knownKeys {
            let distance = editDistance(key, known, limit: budget)
            if distance <= budget, distance < (best?.distance ?? .max) { best = (known, distance) }
        }
        if let best { return best.key }
        // A wordier or a shorter form: a known name plus or minus whole words (`bucket_name`
        // for `bucket`, `sas` for `sas_token`); the one that shares most of the longer name wins.
        var words: (key: String, share: Double)?
        for known in FieldRole.knownKeys where sharesWholeWords(key, known) {
            let share = Double(min(key.count, known.count)) / Double(max(key.count, known.count))
            if share > (words?.share ?? 0) { words = (known, share) }
        }
        return words?.key
    }

    /// True when one of `a` and `b` starts or ends the other at a word boundary (`_`).
    static func sharesWholeWords(_ a: String, _ b: String) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        guard short.count >= 2, short != long else { return false }
        return long.hasPrefix(short + "_") || long.hasSuffix("_" + short)
    }

    /// The Levenshtein distance between `a` and `b`, or some value above `limit` once it
    /// is sure to exceed it.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where i <= a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...max(b.count, 1) where j <= b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
