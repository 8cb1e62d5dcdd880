/// The governor's two time series (the grants it handed out, the successes it saw) are kept in
/// ascending order with a moving head, and both ask "how many since time t?": one binary search
/// serves both.
extension Array where Element == Double {
    /// The index of the first element at or after `time`, searching from `start` (the elements
    /// from `start` on are in ascending order); `count` when there is none.
    func firstIndex(atOrAfter time: Double, from start: Int) -> Int {
        var low = start
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < time { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
