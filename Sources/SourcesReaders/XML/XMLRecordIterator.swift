import CLibXML2
import Glibc
import SourcesCore

/// Streams the `<source>` elements of an XML input one record at a time with
/// libxml2's `xmlTextReader`.
///
/// A root `<sources>` (its attributes ignored) holds `<source>` elements; a root
/// `<source>` is one record. Fields are attributes of `<source>` or its child
/// elements; a `<credentials>` or `<credential_attributes>` child holds credential
/// fields (as child elements or attributes), which get the container's name as prefix.
final class XMLRecordIterator: RawRecordIterator {
    /// A field element being read.
    private struct OpenField {
        var key: String
        var name: UnsafeRawPointer?
        var tag: SourceLocation
        var content: SourceLocation
        var text = ""
        var isContainer = false
        var dropped = false

        mutating func append(_ value: UnsafePointer<xmlChar>) {
            if text.isEmpty {
                text = String(cString: value)
            } else {
                text += String(cString: value)
            }
        }
    }

    private let handle: XMLTextReaderHandle
    private let locator: XMLTagLocator
    private let diagnostics: any DiagnosticCollector
    private let file: String
    private var reader: xmlTextReaderPtr { handle.reader }
    /// The depth of record elements: 1 under `<sources>`, 0 for a root `<source>`.
    @exclusivity(unchecked) private var recordDepth = 1
    @exclusivity(unchecked) private var index = 0
    @exclusivity(unchecked) private var fields: [RawField] = []
    @exclusivity(unchecked) private var origin: RecordOrigin?
    /// Inside a depth-1 element that is not a `<source>`.
    @exclusivity(unchecked) private var skipping = false
    @exclusivity(unchecked) private var field: OpenField?
    @exclusivity(unchecked) private var credential: OpenField?
    @exclusivity(unchecked) private var failure: ReaderError?
    @exclusivity(unchecked) private var keys = CredentialKeys()
    /// Element names as Strings, by their interned libxml2 pointer (names repeat in every
    /// record; a short list searched by pointer beats hashing).
    @exclusivity(unchecked) private var names: [(pointer: UnsafeRawPointer, name: String)] = []
    @exclusivity(unchecked) private var prefixedNames: [(parent: UnsafeRawPointer, child: UnsafeRawPointer, name: String)] = []
    private static let nameCacheLimit = 64

    /// Opens `input`; diagnostics about record shapes go to `diagnostics`.
    init(input: InputSource, diagnostics: any DiagnosticCollector) throws(ReaderError) {
        handle = try XMLTextReaderHandle(source: input)
        locator = XMLTagLocator(input: handle.input)
        self.diagnostics = diagnostics
        file = handle.input.file
    }

    func next() throws(ReaderError) -> RawRecord? {
        if let failure { throw failure }
        ibs_xml_silence_errors()
        do {
            return try step()
        } catch {
            failure = error
            throw error
        }
    }

    private func step() throws(ReaderError) -> RawRecord? {
        while try handle.read() {
            if !handle.pending.isEmpty {
                for error in handle.takePending() { diagnostics.emit(error.diagnostic) }
            }
            let depth = Int(xmlTextReaderDepth(reader))
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                if let record = try element(depth: depth) { return record }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                if let record = endElement(depth: depth) { return record }
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
                text(depth: depth)
            case Int32(XML_READER_TYPE_WHITESPACE.rawValue), Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                // Layout between elements; inside a field it is part of the value.
                if depth == recordDepth + 3 || (depth == recordDepth + 2 && field?.isContainer == false) {
                    text(depth: depth)
                }
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue), Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue),
                Int32(XML_READER_TYPE_ENTITY.rawValue):
                throw ReaderError(
                    .forbiddenConstruct, "the XML uses a DTD or entity; these are not accepted, for safety; "
                        + "remove them and write the values out", at: nodeLocation())
            default:
                continue  // comments, processing instructions
            }
        }
        return nil
    }

    // MARK: Nodes

    private func element(depth: Int) throws(ReaderError) -> RawRecord? {
        guard let namePointer = xmlTextReaderConstName(reader) else { return nil }
        let name = UnsafeRawPointer(namePointer).assumingMemoryBound(to: CChar.self)
        let located = locator.locateStartTag(named: name)
        let tag = located ? location(locator.tag) : nodeLocation()
        let empty = xmlTextReaderIsEmptyElement(reader) == 1
        if depth == 0 {
            if strcasecmp(name, "source") == 0 {
                recordDepth = 0
            } else if strcasecmp(name, "sources") != 0 {
                throw ReaderError(
                    .parseError, "the root element is <\(String(cString: name))>, but a list of sources must be "
                        + "written as <sources><source …/>…</sources>", at: tag)
            } else {
                return nil
            }
        }
        if skipping || depth < recordDepth { return nil }
        if depth == recordDepth {
            index += 1
            guard strcasecmp(name, "source") == 0 else {
                diagnostics.emit(Diagnostic(
                    .error, .unexpectedValue, "<\(String(cString: name))> is not a source; each item of <sources> "
                        + "must be a <source> element", location: tag, record: index))
                skipping = !empty
                return nil
            }
            fields = []
            origin = RecordOrigin(location: tag, index: index)
            attributes(prefix: nil, located: located)
            return empty ? finishRecord() : nil
        }
        let key = string(for: namePointer)
        let content = located ? location(locator.content) : tag
        if depth == recordDepth + 1 {
            var open = OpenField(key: key, name: UnsafeRawPointer(namePointer), tag: tag, content: content)
            open.isContainer = CredentialKeys.isContainer(key)
            if open.isContainer {
                attributes(prefix: key, located: located)
            } else if hasPlainAttributes() {
                report("<\(key)> has attributes, but a field is a single value; write `<\(key)>value</\(key)>`",
                       at: tag, field: key)
                open.dropped = true
            }
            field = open
            if empty { finishField() }
            return nil
        }
        guard let parent = field else { return nil }
        if depth == recordDepth + 2, parent.isContainer {
            let prefixed = prefixedString(parent, key, child: UnsafeRawPointer(namePointer))
            let hasAttributes = hasPlainAttributes()
            if hasAttributes {
                report("<\(key)> has attributes, but a credential is a single value; write `<\(key)>value</\(key)>`",
                       at: tag, field: prefixed)
            }
            credential = OpenField(key: prefixed, name: nil, tag: tag, content: content)
            credential?.dropped = hasAttributes
            if empty { finishCredential() }
        } else if depth == recordDepth + 2 {
            if !parent.dropped {
                report("<\(parent.key)> holds the element <\(key)>, but only <credentials> or "
                       + "<credential_attributes> may hold elements; write a single value", at: tag, field: parent.key)
                field?.dropped = true
            }
        } else if let inner = credential, !inner.dropped {
            report("<\(inner.key)> holds the element <\(key)>, but a credential must be a single value",
                   at: tag, field: inner.key)
            credential?.dropped = true
        }
        return nil
    }

    private func endElement(depth: Int) -> RawRecord? {
        if skipping {
            if depth == recordDepth { skipping = false }
            return nil
        }
        if depth == recordDepth + 2, credential != nil {
            finishCredential()
        } else if depth == recordDepth + 1, field != nil {
            finishField()
        } else if depth == recordDepth, origin != nil {
            return finishRecord()
        }
        return nil
    }

    private func text(depth: Int) {
        guard !skipping, origin != nil, let value = xmlTextReaderConstValue(reader) else { return }
        if depth == recordDepth + 3, credential != nil {
            credential?.append(value)
        } else if depth == recordDepth + 2, let open = field {
            if open.isContainer {
                if !Self.isBlank(value) {
                    report("<\(open.key)> holds text; write each credential as its own element",
                           at: nodeLocation(), field: open.key)
                }
            } else {
                field?.append(value)
            }
        } else if depth == recordDepth + 1, !Self.isBlank(value) {
            report("text directly inside <source>; write each field as an attribute or element",
                   at: nodeLocation(), field: nil)
        }
    }

    // MARK: Fields

    private func attributes(prefix: String?, located: Bool) {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            guard let namePointer = xmlTextReaderConstName(reader) else { continue }
            let name = UnsafeRawPointer(namePointer).assumingMemoryBound(to: CChar.self)
            if Self.isNamespaceDeclaration(name) { continue }
            let value = xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
            var at = nodeLocation()
            if located, let attribute = locator.attribute(named: name) {
                at = location(value.isEmpty ? attribute.name : attribute.value)
            }
            let key = String(cString: name)
            fields.append(RawField(key: prefix.map { "\($0).\(key)" } ?? key, value: value, location: at))
        }
        xmlTextReaderMoveToElement(reader)
    }

    private func hasPlainAttributes() -> Bool {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return false }
        defer { xmlTextReaderMoveToElement(reader) }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            if let name = xmlTextReaderConstName(reader),
                !Self.isNamespaceDeclaration(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
            {
                return true
            }
        }
        return false
    }

    private func finishCredential() {
        if let inner = credential, !inner.dropped {
            fields.append(RawField(key: inner.key, value: inner.text, location: inner.text.isEmpty ? inner.tag : inner.content))
        }
        credential = nil
    }

    private func finishField() {
        if let open = field, !open.dropped, !open.isContainer {
            fields.append(RawField(key: open.key, value: open.text, location: open.text.isEmpty ? open.tag : open.content))
        }
        field = nil
    }

    private func finishRecord() -> RawRecord? {
        guard let origin else { return nil }
        let record = RawRecord(fields: fields, origin: origin)
        self.origin = nil
        fields = []
        return record
    }

    // MARK: Helpers

    /// The element name at `pointer` as a String, made once per distinct interned name.
    private func string(for pointer: UnsafePointer<xmlChar>) -> String {
        let key = UnsafeRawPointer(pointer)
        for entry in names where entry.pointer == key { return entry.name }
        let made = String(cString: pointer)
        if names.count < Self.nameCacheLimit, ibs_xml_name_is_interned(reader, pointer) == 1 {
            names.append((key, made))
        }
        return made
    }

    private func isCached(_ pointer: UnsafeRawPointer) -> Bool {
        names.contains { $0.pointer == pointer }
    }

    /// `parent.key`, made once per distinct pair of interned names.
    private func prefixedString(_ parent: OpenField, _ key: String, child: UnsafeRawPointer) -> String {
        guard let parentName = parent.name else { return keys.prefixed(parent.key, key) }
        for entry in prefixedNames where entry.child == child && entry.parent == parentName { return entry.name }
        let made = keys.prefixed(parent.key, key)
        if prefixedNames.count < Self.nameCacheLimit, isCached(parentName), isCached(child) {
            prefixedNames.append((parentName, child, made))
        }
        return made
    }

    private func report(_ message: String, at location: SourceLocation, field: String?) {
        diagnostics.emit(Diagnostic(.error, .unexpectedValue, message, location: location, record: index, field: field))
    }

    private func location(_ position: XMLTagLocator.Position) -> SourceLocation {
        SourceLocation(file: file, line: position.line, column: position.column)
    }

    /// The current node's line as libxml2 recorded it (no column is known).
    private func nodeLocation() -> SourceLocation {
        SourceLocation(file: file, line: max(ibs_xml_current_line(reader), 1), column: 1)
    }

    private static func isNamespaceDeclaration(_ name: UnsafePointer<CChar>) -> Bool {
        strncmp(name, "xmlns", 5) == 0 && (name[5] == 0 || name[5] == CChar(UInt8(ascii: ":")))
    }

    private static func isBlank(_ text: UnsafePointer<xmlChar>) -> Bool {
        var p = text
        while p.pointee != 0 {
            switch p.pointee {
            case 0x20, 0x09, 0x0A, 0x0D: p += 1
            default: return false
            }
        }
        return true
    }
}
