import SourcesCore

/// Decodes the list response (a bare JSON array of sources) while it arrives, one
/// source at a time.
///
/// The API's list has no pages: an account of 100,000 sources is one 28 MB answer, and
/// the whole-body path (collect, then parse into a ``JSONValue`` tree) needs several
/// times that in memory and once refused it outright. Here only the array's framing is
/// followed byte by byte (by the core's ``JSONFramer``: strings, escapes and nesting, to
/// find where each element ends); each element is then parsed by the project's
/// ``JSONParser`` (the one ``JSONLexer``) and decoded by
/// ``SourcePayload/decodeSource(_:)`` as soon as it is complete, and its bytes are
/// dropped. Memory is the decoded sources plus the one element being read.
///
/// A body that does not start with `[` is left alone (``shape`` is `.other`): the caller
/// collects it whole and reports it the way it reports any other unexpected body.
///
/// Not thread-safe: ``ResponseCollector`` feeds it on one event loop, and the caller reads
/// ``sources`` after the request's future has completed.
// @unchecked Sendable: fed on one event loop, read only after the request completed (see above).
public final class ListingDecoder: @unchecked Sendable {
    /// What the body turned out to be, once its first non-blank byte was seen.
    public enum Shape: Equatable {
        case undecided, array, other
    }

    /// Why the listing could not be read; `offset` counts bytes from the start of the body.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var offset: Int
        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// The largest single element (one source's JSON) accepted: the same bound a whole
    /// single-source response has (``SourcesClient/maxBodyBytes``).
    public let maxElementBytes: Int
    /// The most sources accepted in one listing (see ``SourcesClient/maxListedSources``).
    public let maxSources: Int

    /// Given each source as soon as it is decoded, instead of ``sources`` keeping it (nil:
    /// ``sources`` keeps every source).
    private let visit: ((Source) -> Void)?

    public private(set) var shape = Shape.undecided
    /// The sources decoded so far, in the API's order (empty with a visitor).
    public private(set) var sources: [Source] = []
    /// How many sources the listing held.
    public private(set) var listedCount = 0
    /// The most bytes ever held for one element: what bounds this decoder's own memory.
    public private(set) var peakElementBytes = 0

    private enum State {
        case start, firstElementOrEnd, nextElement, inElement, afterElement, done
    }

    private var state = State.start
    private var consumed = 0
    private var element: [UInt8] = []
    private var elementStart = 0
    private var framer = JSONFramer()
    private var bareScalar = false

    /// A decoder that keeps every source in ``sources``, or hands each to `visit` (which keeps
    /// what it needs) and keeps none: then memory is what `visit` keeps, not the account.
    public init(maxElementBytes: Int, maxSources: Int, visit: ((Source) -> Void)? = nil) {
        self.maxElementBytes = maxElementBytes
        self.maxSources = maxSources
        self.visit = visit
    }

    /// Reads the next part of the body. Does nothing once ``shape`` is `.other`.
    public func consume(_ chunk: UnsafeRawBufferPointer) throws(Failure) {
        guard shape != .other else { return }
        let bytes = chunk.bindMemory(to: UInt8.self)
        var i = 0
        let count = bytes.count
        defer { consumed += count }
        while i < count {
            if state == .inElement {
                i = try scanElement(bytes, from: i)
                continue
            }
            let b = bytes[i]
            if ASCIIWhitespace.contains(b) {
                i += 1
                continue
            }
            switch state {
            case .start:
                guard b == UInt8(ascii: "[") else {
                    shape = .other
                    return
                }
                shape = .array
                state = .firstElementOrEnd
                i += 1
            case .firstElementOrEnd where b == UInt8(ascii: "]"):
                state = .done
                i += 1
            case .nextElement where b == UInt8(ascii: "]"):
                throw Failure(reason: "expected a value after ','", offset: consumed + i)
            case .firstElementOrEnd, .nextElement:
                beginElement(first: b, at: consumed + i)
            case .afterElement:
                if b == UInt8(ascii: ",") {
                    state = .nextElement
                } else if b == UInt8(ascii: "]") {
                    state = .done
                } else {
                    throw Failure(reason: "expected ',' or ']'", offset: consumed + i)
                }
                i += 1
            case .done:
                throw Failure(reason: "unexpected data after the JSON value", offset: consumed + i)
            case .inElement:
                break
            }
        }
    }

    /// Checks that the array was closed; call once the body has ended.
    public func finish() throws(Failure) {
        guard state == .done || state == .start else {
            throw Failure(reason: "unexpected end of document", offset: consumed)
        }
    }

    private func beginElement(first: UInt8, at offset: Int) {
        state = .inElement
        elementStart = offset
        element.removeAll(keepingCapacity: true)
        framer = JSONFramer()
        bareScalar = !(first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "\""))
    }

    /// Scans element bytes from `start`; returns where scanning stopped (the chunk's end,
    /// or just past the element's last byte).
    private func scanElement(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws(Failure) -> Int {
        var i = start
        let count = bytes.count
        var ended = false
        scan: while i < count {
            let b = bytes[i]
            if bareScalar {
                // A number or a literal (not a source: decodeSource names it); ends before a delimiter.
                if ASCIIWhitespace.contains(b) || b == UInt8(ascii: ",") || b == UInt8(ascii: "]") {
                    ended = true
                    break
                }
            } else {
                switch framer.feed(b) {
                case .closeString where framer.depth == 0, .close where framer.depth == 0:
                    i += 1
                    ended = true
                    break scan
                default: break
                }
            }
            i += 1
        }
        element.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
        peakElementBytes = max(peakElementBytes, element.count)
        if element.count > maxElementBytes {
            throw Failure(
                reason: "one source in the list is larger than \(maxElementBytes) bytes", offset: elementStart)
        }
        if ended {
            try endElement()
            state = .afterElement
        }
        return i
    }

    private func endElement() throws(Failure) {
        let value: JSONValue
        do throws(JSONParser.Failure) {
            value = try JSONParser.parse(element)
        } catch {
            throw Failure(reason: error.reason, offset: elementStart + error.offset)
        }
        let source: Source
        do throws(SourcePayload.DecodingFailure) {
            source = try SourcePayload.decodeSource(value)
        } catch {
            throw Failure(reason: "source \(listedCount + 1): \(error.reason)", offset: elementStart)
        }
        guard listedCount < maxSources else {
            throw Failure(
                reason: "the list holds more than \(maxSources) sources, the most ibsources reads in one listing "
                    + "(about 1 GB of memory per million sources); no real account is known to be this large: "
                    + "check that the endpoint is the Sources API",
                offset: elementStart)
        }
        listedCount += 1
        if let visit { visit(source) } else { sources.append(source) }
        element.removeAll(keepingCapacity: element.capacity <= 64 << 10)
    }
}
