#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A quick look at a record whose fields are plain bytes in fixed columns (a CSV row):
/// it tells when normalising and validating the record in full would report nothing,
/// so that a caller that needs only that verdict (`ibsources validate`) can skip
/// building the record.
///
/// It decides with the same definitions the ``Normaliser`` and ``Validator`` use
/// (``FieldRole``, ``SourceType``, ``SourceRules``; type names and their aliases resolve
/// through ``SourceType/resolve(_:)``) and settles only the plain case: anything it does
/// not settle (white space to trim, a `$`, a field given twice, a `require_token` to
/// normalise, a URL only a parser can judge, any problem at all) makes it answer nil,
/// and the caller normalises and validates that record in full.
/// The duplicate-name check is not part of it: see ``Validator/claimOrReport(name:hash:at:record:)``.
///
/// The row must be ASCII without line breaks, NUL bytes or quotes (the reader only
/// hands over such rows), so that its bytes are exactly the values the fields hold.
public struct RowScreen {
    private enum Column {
        /// A column with an empty header: its cells are ignored.
        case ignored
        case name
        case type
        /// `id`, `created_at`, `updated_at`: kept, never checked.
        case unchecked
        case credential
        /// A field no type uses: reported once for the file (by the reader), never per record.
        case unknown
    }

    private let columns: [Column]
    /// Each column's field number (several columns can name the same field).
    private let fieldNumbers: [Int]
    /// The bits of the fields that are credentials.
    private let credentialBits: UInt64
    /// Per type (by ``SourceType/allCases`` order): the credential bits it requires, or nil
    /// when it requires one no column holds (such records always go the full way).
    private let requiredBits: [UInt64?]
    /// Per type: the credential bits it uses.
    private let knownBits: [UInt64]
    private let nameField: Int?
    private let typeField: Int?
    private let serviceTypeField: Int?
    private let urlField: Int?
    private let requireTokenField: Int?
    /// azure's conditional attributes, by `service_type` value: the bit it needs, or nil without a column.
    private let azureConditions: [(value: [UInt8], bit: UInt64?)]
    /// Type names seen and what they resolve to (inputs repeat the same few).
    private var types = TypeNameCache()
    /// For the row being screened: where each field's cell starts and ends.
    private var cells: [(start: Int, end: Int)]

    /// A screen for rows whose cells hold, in order, the fields `columnKeys` name (as
    /// written: `Source Type`, `credentials.bucket`); nil when there are too many
    /// distinct fields (64) for it.
    public init?(columnKeys: [String]) {
        var numbers: [String: Int] = [:]
        var columns: [Column] = []
        var fieldNumbers: [Int] = []
        var credentialBits: UInt64 = 0
        for key in columnKeys {
            guard !key.isEmpty else {
                columns.append(.ignored)
                fieldNumbers.append(0)
                continue
            }
            let role = FieldRole.resolve(key)
            let number = numbers[role.fieldName] ?? numbers.count
            numbers[role.fieldName] = number
            guard number < 64 else { return nil }
            fieldNumbers.append(number)
            switch role {
            case .name: columns.append(.name)
            case .type: columns.append(.type)
            case .id, .createdAt, .updatedAt: columns.append(.unchecked)
            case .credential(let attribute) where !FieldRole.knownAttributes.contains(attribute):
                columns.append(.unknown)
            case .credential:
                columns.append(.credential)
                credentialBits |= 1 << UInt64(number)
            }
        }
        func bit(_ field: String) -> UInt64? { numbers[field].map { 1 << UInt64($0) } }
        func bits(_ fields: [String]) -> UInt64? {
            var all: UInt64 = 0
            for field in fields {
                guard let one = bit(field) else { return nil }
                all |= one
            }
            return all
        }
        self.columns = columns
        self.fieldNumbers = fieldNumbers
        self.credentialBits = credentialBits
        requiredBits = SourceType.allCases.map { bits($0.requiredAttributes) }
        knownBits = SourceType.allCases.map { type in
            type.knownAttributeList.reduce(0) { $0 | (bit($1) ?? 0) } & credentialBits
        }
        nameField = numbers[FieldRole.name.fieldName]
        typeField = numbers[FieldRole.type.fieldName]
        serviceTypeField = numbers["service_type"]
        urlField = numbers["url"]
        requireTokenField = numbers["require_token"]
        azureConditions = SourceRules.azureServiceTypes.map { (Array($0.value.utf8), bit($0.requires)) }
        cells = Array(repeating: (0, 0), count: numbers.count)
    }

    /// Screens one row: `row` holds its bytes and `bounds` its cells, cell `i` being
    /// `row[bounds[i] ..< bounds[i + 1] - 1]` (the last bound is the row's length plus
    /// one, as if a delimiter followed the last cell).
    ///
    /// - Returns: Where the name is in `row`, when the full path would report nothing
    ///   for the record; nil when it has to take the full path.
    public mutating func screen(_ row: UnsafeBufferPointer<UInt8>, bounds: UnsafeBufferPointer<UInt32>) -> Range<Int>? {
        let cellCount = bounds.count - 1
        guard cellCount <= columns.count, let base = row.baseAddress else { return nil }
        if memchr(base, Int32(UInt8(ascii: "$")), row.count) != nil { return nil }
        var present: UInt64 = 0
        for column in 0..<cellCount {
            let start = Int(bounds[column])
            let end = Int(bounds[column + 1]) - 1
            guard start < end, case let kind = columns[column], kind != .ignored else { continue }
            let number = fieldNumbers[column]
            let bit: UInt64 = 1 << UInt64(number)
            // A field given twice, or white space to trim: the full path reports it.
            guard present & bit == 0, !ASCIIWhitespace.contains(row[start]), !ASCIIWhitespace.contains(row[end - 1])
            else { return nil }
            present |= bit
            cells[number] = (start, end)
        }
        guard let nameField, let typeField, present & (1 << UInt64(nameField)) != 0,
            present & (1 << UInt64(typeField)) != 0
        else { return nil }
        let name = cells[nameField].start..<cells[nameField].end
        guard SourceRules.isValidName(utf8: row[name]), let type = types.resolve(value(typeField, in: row)) else {
            return nil
        }
        let credentials = present & credentialBits
        guard let typeIndex = SourceType.allCases.firstIndex(of: type), let required = requiredBits[typeIndex],
            credentials & required == required, credentials & ~knownBits[typeIndex] == 0
        else { return nil }
        if let requireTokenField, present & (1 << UInt64(requireTokenField)) != 0 {
            let token = value(requireTokenField, in: row)
            guard token.elementsEqual("true".utf8) || token.elementsEqual("false".utf8) else { return nil }
        }
        switch type {
        case .azure:
            // service_type is required, so it is present here.
            guard let serviceTypeField else { return nil }
            let service = value(serviceTypeField, in: row)
            guard let condition = azureConditions.first(where: { service.elementsEqual($0.value) }),
                let needed = condition.bit, credentials & needed != 0
            else { return nil }
        case .url:
            guard let urlField, SourceRules.plainProxyURLCheck(utf8: value(urlField, in: row)) == true else {
                return nil
            }
        default: break
        }
        return name
    }

    private func value(_ field: Int, in row: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>> {
        row[cells[field].start..<cells[field].end]
    }
}
