import CLibXML2
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import SourcesCore

/// Streams the `<source>` elements of an XML input one record at a time with
/// libxml2's `xmlTextReader`.
///
/// A root `<sources>` (its attributes ignored, but for an export's newer `version`, which is
/// refused) holds `<source>` elements; a root
/// `<source>` is one record. Fields are attributes of `<source>` or its child
/// elements; a `<credentials>` or `<credential_attributes>` child holds credential
/// fields (as child elements or attributes), which get the container's name as prefix.
final class XMLRecordIterator: RawRecordIterator {
    private typealias Position = XMLTagLocator.Position

    /// A field element being read: a child of `<source>` (`field…`) or of its
    /// credentials container (`credential…`). Kept in flat stored properties rather than
    /// a struct of Strings, so that reading a field copies and counts no references.
    @exclusivity(unchecked) private var fieldOpen = false
    @exclusivity(unchecked) private var fieldName: Int32 = 0
    @exclusivity(unchecked) private var fieldIsContainer = false
    @exclusivity(unchecked) private var fieldDropped = false
    @exclusivity(unchecked) private var fieldTag = Position(line: 1, column: 1)
    @exclusivity(unchecked) private var fieldContent = Position(line: 1, column: 1)
    @exclusivity(unchecked) private var fieldText = ""
    @exclusivity(unchecked) private var credentialOpen = false
    @exclusivity(unchecked) private var credentialName: Int32 = 0
    @exclusivity(unchecked) private var credentialDropped = false
    @exclusivity(unchecked) private var credentialTag = Position(line: 1, column: 1)
    @exclusivity(unchecked) private var credentialContent = Position(line: 1, column: 1)
    @exclusivity(unchecked) private var credentialText = ""

    private let handle: XMLTextReaderHandle
    private let locator: XMLTagLocator
    private let diagnostics: any DiagnosticCollector
    private let file: String
    private let reader: xmlTextReaderPtr
    /// The depth of record elements: 1 under `<sources>`, 0 for a root `<source>`.
    @exclusivity(unchecked) private var recordDepth = 1
    @exclusivity(unchecked) private var index = 0
    @exclusivity(unchecked) private var fields: [RawField] = []
    @exclusivity(unchecked) private var fieldCapacity = 8
    @exclusivity(unchecked) private var origin: RecordOrigin?
    /// Inside a depth-1 element that is not a `<source>`.
    @exclusivity(unchecked) private var skipping = false
    @exclusivity(unchecked) private var failure: ReaderError?
    @exclusivity(unchecked) private var names = XMLNameTable()
    /// The thread libxml2's error printing was last silenced on.
    @exclusivity(unchecked) private var silencedThread: pthread_t?

    /// Opens `input`; diagnostics about record shapes go to `diagnostics`.
    init(input: InputSource, diagnostics: any DiagnosticCollector) throws(ReaderError) {
        handle = try XMLTextReaderHandle(source: input)
        reader = handle.reader
        locator = XMLTagLocator(input: handle.input)
        self.diagnostics = diagnostics
        file = handle.input.file
    }

    func next() throws(ReaderError) -> RawRecord? {
        if let failure { throw failure }
        // libxml2's generic error handlers are per thread: set them on each thread that reads.
        let thread = pthread_self()
        if thread != silencedThread {
            ibs_xml_silence_errors()
            silencedThread = thread
        }
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
            // Text nodes come as TEXT whether blank or not (blank layout is told apart below).
            let node = ibs_xml_node(reader)
            switch node.type {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                if let record = try element(depth: depth, name: node.name) { return record }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                if let record = endElement(depth: depth) { return record }
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
                text(depth: depth, value: node.text)
            case Int32(XML_READER_TYPE_WHITESPACE.rawValue), Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                text(depth: depth, value: xmlTextReaderConstValue(reader))  // not given for text nodes, but if it were
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue), Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue),
                Int32(XML_READER_TYPE_ENTITY.rawValue):
                throw ReaderError(
                    .forbiddenConstruct,
                    "the XML uses a DTD or entity; these are not accepted, for safety; "
                        + "remove them and write the values out", at: location(nodePosition()))
            default:
                continue  // comments, processing instructions
            }
        }
        return nil
    }

    // MARK: Nodes

    private func element(depth: Int, name namePointer: UnsafePointer<xmlChar>?) throws(ReaderError) -> RawRecord? {
        guard let namePointer else { return nil }
        let cName = UnsafeRawPointer(namePointer).assumingMemoryBound(to: CChar.self)
        let located = locator.locateStartTag(named: cName)
        let tag = located ? locator.tag : nodePosition()
        let empty = xmlTextReaderIsEmptyElement(reader) == 1
        if depth == 0 {
            if strcasecmp(cName, "source") == 0 {
                recordDepth = 0
            } else if strcasecmp(cName, "sources") != 0 {
                throw ReaderError(
                    .parseError,
                    "the root element is <\(String(cString: cName))>, but a list of sources must be "
                        + "written as <sources><source …/>…</sources>", at: location(tag))
            } else {
                try checkEnvelopeVersion(located: located)
                return nil
            }
        }
        if skipping || depth < recordDepth { return nil }
        if depth == recordDepth {
            index += 1
            guard strcasecmp(cName, "source") == 0 else {
                diagnostics.emit(
                    Diagnostic(
                        .error, .unexpectedValue,
                        "<\(String(cString: cName))> is not a source; each item of <sources> "
                            + "must be a <source> element", location: location(tag), record: index))
                skipping = !empty
                return nil
            }
            names.startRecord()
            fields = []
            fields.reserveCapacity(fieldCapacity)
            origin = RecordOrigin(location: location(tag), index: index)
            attributes(container: nil, located: located)
            return empty ? finishRecord() : nil
        }
        let name = names.id(for: namePointer, reader: reader)
        let content = located ? locator.content : tag
        if depth == recordDepth + 1 {
            fieldOpen = true
            fieldName = name
            fieldIsContainer = names.isContainer(name)
            fieldDropped = false
            fieldTag = tag
            fieldContent = content
            fieldText = ""
            if fieldIsContainer {
                attributes(container: name, located: located)
            } else if hasPlainAttributes(located: located) {
                let key = names.string(name)
                report(
                    "<\(key)> has attributes, but a field is a single value; write `<\(key)>value</\(key)>`",
                    at: tag, field: key)
                fieldDropped = true
            }
            if empty { finishField() }
            return nil
        }
        guard fieldOpen else { return nil }
        if depth == recordDepth + 2, fieldIsContainer {
            let hasAttributes = hasPlainAttributes(located: located)
            if hasAttributes {
                let key = names.string(name)
                report(
                    "<\(key)> has attributes, but a credential is a single value; write `<\(key)>value</\(key)>`",
                    at: tag, field: names.prefixed(fieldName, name))
            }
            credentialOpen = true
            credentialName = name
            credentialDropped = hasAttributes
            credentialTag = tag
            credentialContent = content
            credentialText = ""
            if empty { finishCredential() }
        } else if depth == recordDepth + 2 {
            if !fieldDropped {
                let parent = names.string(fieldName)
                report(
                    "<\(parent)> holds the element <\(names.string(name))>, but only <credentials> or "
                        + "<credential_attributes> may hold elements; write a single value", at: tag, field: parent)
                fieldDropped = true
            }
        } else if credentialOpen, !credentialDropped {
            let inner = names.prefixed(fieldName, credentialName)
            report(
                "<\(inner)> holds the element <\(names.string(name))>, but a credential must be a single value",
                at: tag, field: inner)
            credentialDropped = true
        }
        return nil
    }

    private func endElement(depth: Int) -> RawRecord? {
        if skipping {
            if depth == recordDepth { skipping = false }
            return nil
        }
        if depth == recordDepth + 2, credentialOpen {
            finishCredential()
        } else if depth == recordDepth + 1, fieldOpen {
            finishField()
        } else if depth == recordDepth, origin != nil {
            return finishRecord()
        }
        return nil
    }

    /// Text, blank or not: inside a field it is part of the value; elsewhere blank text
    /// is layout, and other text is reported.
    private func text(depth: Int, value: UnsafePointer<xmlChar>?) {
        guard !skipping, origin != nil, depth > recordDepth, depth <= recordDepth + 3, let value else { return }
        if depth == recordDepth + 3, credentialOpen {
            XMLNodeParts.append(value, to: &credentialText)
        } else if depth == recordDepth + 2, fieldOpen {
            if fieldIsContainer {
                if !XMLNodeParts.isBlank(value) {
                    let key = names.string(fieldName)
                    report(
                        "<\(key)> holds text; write each credential as its own element",
                        at: nodePosition(), field: key)
                }
            } else {
                XMLNodeParts.append(value, to: &fieldText)
            }
        } else if depth == recordDepth + 1, !XMLNodeParts.isBlank(value) {
            report(
                "text directly inside <source>; write each field as an attribute or element",
                at: nodePosition(), field: nil)
        }
    }

    // MARK: Fields

    /// Fields from the attributes of the current element: of `<source>` (no container)
    /// or of its credentials container.
    private func attributes(container: Int32?, located: Bool) {
        XMLNodeParts.forEachAttribute(of: reader, locator: locator, located: located) { namePointer, value, at in
            let name = names.id(for: namePointer, reader: reader)
            let key = container.map { names.prefixed($0, name) } ?? names.string(name)
            fields.append(RawField(key: key, value: value, location: location(at)))
        }
    }

    private func hasPlainAttributes(located: Bool) -> Bool {
        XMLNodeParts.hasPlainAttributes(reader, locator: locator, located: located)
    }

    private func finishCredential() {
        if !credentialDropped {
            fields.append(
                RawField(
                    key: names.prefixed(fieldName, credentialName), value: credentialText,
                    location: location(credentialText.isEmpty ? credentialTag : credentialContent)))
        }
        credentialOpen = false
        credentialText = ""
    }

    private func finishField() {
        if !fieldDropped, !fieldIsContainer {
            fields.append(
                RawField(
                    key: names.string(fieldName), value: fieldText,
                    location: location(fieldText.isEmpty ? fieldTag : fieldContent)))
        }
        fieldOpen = false
        fieldText = ""
    }

    private func finishRecord() -> RawRecord? {
        guard let origin else { return nil }
        if fields.count > fieldCapacity { fieldCapacity = fields.count }
        let record = RawRecord(fields: fields, origin: origin)
        self.origin = nil
        fields = []
        return record
    }

    // MARK: Helpers

    private func report(_ message: String, at position: Position, field: String?) {
        diagnostics.emit(
            Diagnostic(
                .error, .unexpectedValue, message, location: location(position), record: index, field: field))
    }

    @inline(__always)
    private func location(_ position: Position) -> SourceLocation {
        SourceLocation(file: file, line: position.line, column: position.column)
    }

    /// The current node's line as libxml2 recorded it (no column is known).
    private func nodePosition() -> Position { XMLNodeParts.linePosition(of: reader) }

    /// Refuses an export envelope (`<sources kind="imageboss-sources" version="N">`) of a
    /// newer version: its records may mean something this build cannot tell.
    private func checkEnvelopeVersion(located: Bool) throws(ReaderError) {
        var entries: [RawField] = []
        XMLNodeParts.forEachAttribute(of: reader, locator: locator, located: located) { namePointer, value, at in
            let name = String(cString: UnsafeRawPointer(namePointer).assumingMemoryBound(to: CChar.self))
            guard name == "kind" || name == "version" else { return }
            entries.append(RawField(key: name, value: value, location: location(at)))
        }
        try EnvelopeVersion.check(entries)
    }
}
