extension SourceRecord {
    /// The source with each value that used `${NAME}` as it was written (its
    /// ``references``), the others as normalised: what `convert` writes, so that a
    /// secret the input kept out of the file stays out of the output too.
    public var sourceAsWritten: Source {
        guard !references.isEmpty else { return source }
        var written = source
        for (field, value) in references {
            switch FieldRole.resolve(field) {
            case .name: written.name = value
            case .type: written.type = value
            case .id: written.id = value
            case .createdAt: written.createdAt = value
            case .updatedAt: written.updatedAt = value
            case .credential(let key): written.credentials[key] = value
            }
        }
        return written
    }
}
