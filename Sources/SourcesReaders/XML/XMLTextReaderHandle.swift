import CLibXML2
import SourcesCore

/// Owns one libxml2 `xmlTextReader` reading an ``XMLInput``, with its errors captured
/// instead of printed. Freed in `deinit`.
final class XMLTextReaderHandle {
    /// The reader; valid for the handle's lifetime.
    let reader: xmlTextReaderPtr
    /// The bytes libxml2 reads.
    let input: XMLInput
    @exclusivity(unchecked) private var fatal: ReaderError?
    /// Errors libxml2 could recover from, not yet reported.
    @exclusivity(unchecked) private(set) var pending: [ReaderError] = []

    private static let initialized: Void = { xmlInitParser() }()

    /// Opens `source`.
    ///
    /// - Throws: ``ReaderError`` when the input cannot be opened.
    init(source: InputSource) throws(ReaderError) {
        Self.initialized
        ibs_xml_silence_errors()
        let stream: ByteStream
        do { stream = try ByteStream(source) } catch { throw ReaderError(error) }
        input = XMLInput(stream: stream)
        guard
            let reader = xmlReaderForIO(
                xmlRead, nil, Unmanaged.passUnretained(input).toOpaque(), nil, nil, ibs_xml_reader_options())
        else {
            throw ReaderError(.limitExceeded, "cannot start the XML parser: out of memory")
        }
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(reader, xmlErrorHandler, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        xmlFreeTextReader(reader)
    }

    /// Moves to the next node; false at the end of the document.
    ///
    /// - Throws: ``ReaderError`` when the document cannot be parsed further.
    @inline(__always)
    func read() throws(ReaderError) -> Bool {
        let result = xmlTextReaderRead(reader)
        if result == 1 { return true }
        return try finish(result)
    }

    /// What a read that did not give a node means: the end, or why not.
    private func finish(_ result: Int32) throws(ReaderError) -> Bool {
        if let forbidden = input.forbidden { throw forbidden }
        if let inputError = input.inputError { throw ReaderError(inputError) }
        if let fatal { throw fatal }
        if result == 0 { return false }
        if let first = pending.first { throw first }
        throw ReaderError(
            .parseError, "the XML cannot be parsed past this point; check that it is well-formed",
            at: SourceLocation(file: input.file, line: ibs_xml_current_line(reader), column: 1))
    }

    /// Takes the recoverable errors reported so far.
    func takePending() -> [ReaderError] {
        defer { pending.removeAll() }
        return pending
    }

    fileprivate func record(_ error: xmlError) {
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }  // warnings are not our business
        var message = error.message.map { String(cString: $0) } ?? "unknown error"
        while message.last?.isWhitespace == true { message.removeLast() }
        let location = SourceLocation(file: input.file, line: Int(max(error.line, 1)), column: Int(max(error.int2, 1)))
        let code = Int(error.code)
        let readerError: ReaderError
        if code == Int(XML_ERR_NO_MEMORY.rawValue) || message.contains("huge") {
            readerError = ReaderError(
                .limitExceeded,
                "XML parser limit reached (\(message)); values over 10,000,000 bytes are not "
                    + "accepted, shorten the value", at: location)
        } else if code == Int(XML_ERR_ENTITY_LOOP.rawValue) || code == Int(XML_ERR_UNDECLARED_ENTITY.rawValue)
            || code == Int(XML_WAR_UNDECLARED_ENTITY.rawValue)
        {
            readerError = ReaderError(
                .forbiddenConstruct,
                "XML entity problem: \(message); entities are not accepted, write the text "
                    + "out (only &lt; &gt; &amp; &quot; &apos; and character references work)", at: location)
        } else {
            readerError = ReaderError(
                .parseError, "XML syntax error: \(message); fix the XML at this position", at: location)
        }
        if error.level == XML_ERR_FATAL {
            if fatal == nil { fatal = readerError }
        } else if pending.count < 100 {
            pending.append(readerError)
        }
    }
}

/// libxml2's read callback: reads from the ``XMLInput`` passed as `context`.
private func xmlRead(_ context: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<CChar>?, _ length: Int32)
    -> Int32
{
    guard let context, let buffer, length > 0 else { return -1 }
    return Unmanaged<XMLInput>.fromOpaque(context).takeUnretainedValue().read(into: buffer, count: Int(length))
}

/// libxml2's structured error handler: hands the error to the ``XMLTextReaderHandle`` passed as `context`.
private func xmlErrorHandler(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let context, let error else { return }
    Unmanaged<XMLTextReaderHandle>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
}
