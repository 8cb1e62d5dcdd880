import CLibXML2
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import SourcesCore

/// Reads the parts of an `xmlTextReader`'s current node that a record is made of: its
/// text (NUL-terminated UTF-8 that libxml2 owns) and its attributes.
enum XMLNodeParts {
    /// Appends `value` to `text` (the usual case, a first piece, without concatenating).
    @inline(__always)
    static func append(_ value: UnsafePointer<xmlChar>, to text: inout String) {
        if text.isEmpty {
            text = String(cString: value)
        } else {
            text += String(cString: value)
        }
    }

    /// True when `text` is only spaces, tabs and line breaks (layout).
    static func isBlank(_ text: UnsafePointer<xmlChar>) -> Bool {
        var p = text
        while p.pointee != 0 {
            guard ASCIIWhitespace.contains(p.pointee) else { return false }
            p += 1
        }
        return true
    }

    /// The current node's line as libxml2 recorded it (no column is known).
    static func linePosition(of reader: xmlTextReaderPtr) -> XMLTagLocator.Position {
        XMLTagLocator.Position(line: max(ibs_xml_current_line(reader), 1), column: 1)
    }

    /// Calls `body` with the name, value and position of each attribute of the current
    /// element, namespace declarations left out. `located` tells whether `locator` found
    /// the element's tag (then it knows each attribute's position, and whether there are any).
    static func forEachAttribute(
        of reader: xmlTextReaderPtr, locator: XMLTagLocator, located: Bool,
        _ body: (UnsafePointer<xmlChar>, String, XMLTagLocator.Position) -> Void
    ) {
        if located, locator.attributes.isEmpty { return }  // the tag as written has none
        guard xmlTextReaderHasAttributes(reader) == 1 else { return }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            guard let namePointer = xmlTextReaderConstName(reader) else { continue }
            let cName = UnsafeRawPointer(namePointer).assumingMemoryBound(to: CChar.self)
            if isNamespaceDeclaration(cName) { continue }
            let value = xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
            var at = linePosition(of: reader)
            if located, let attribute = locator.attribute(named: cName) {
                at = value.isEmpty ? attribute.name : attribute.value
            }
            body(namePointer, value, at)
        }
        xmlTextReaderMoveToElement(reader)
    }

    /// True when the current element has attributes other than namespace declarations.
    static func hasPlainAttributes(_ reader: xmlTextReaderPtr, locator: XMLTagLocator, located: Bool) -> Bool {
        if located, locator.attributes.isEmpty { return false }  // the tag as written has none
        guard xmlTextReaderHasAttributes(reader) == 1 else { return false }
        defer { xmlTextReaderMoveToElement(reader) }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            if let name = xmlTextReaderConstName(reader),
                !isNamespaceDeclaration(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
            {
                return true
            }
        }
        return false
    }

    /// True for `xmlns` and `xmlns:…`, which declare namespaces rather than give fields.
    static func isNamespaceDeclaration(_ name: UnsafePointer<CChar>) -> Bool {
        strncmp(name, "xmlns", 5) == 0 && (name[5] == 0 || name[5] == CChar(UInt8(ascii: ":")))
    }
}
