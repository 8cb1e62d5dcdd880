import SourcesCore

extension Sequence where Element == Source {
    /// The sources by name; where a name repeats, the first one (in the API's order) wins.
    func indexedByName() -> [String: Source] {
        var byName: [String: Source] = [:]
        for source in self where byName[source.name] == nil { byName[source.name] = source }
        return byName
    }

    /// The sources that have an id, by id; where an id repeats, the first one wins.
    func indexedByID() -> [String: Source] {
        var byID: [String: Source] = [:]
        for source in self { if let id = source.id, byID[id] == nil { byID[id] = source } }
        return byID
    }
}
