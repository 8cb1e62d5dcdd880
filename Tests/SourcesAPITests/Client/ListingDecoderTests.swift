import Foundation
import Testing

import SourcesCore
@testable import SourcesAPI

/// The list decoder against the whole-body path it replaces: the same sources for any
/// split of the body into chunks, the same refusals, and memory bounded by one element.
@Suite("Listing decoder")
struct ListingDecoderTests {
    /// Values that stress the framing: quotes, backslashes and brackets inside strings,
    /// nested containers ignored by the decoder, a number id, blanks between tokens.
    static let tricky = #"""
         [ {"id":"a1","source":"plain","source_type":"s3","credentials":{"bucket":"b","region":"r"}},
          {"id":7,"source":"q\"uo]te}s","source_type":"gcs","credentials":{"secret":"x\\","bucket":"[{\"}"},
           "extra":{"nested":[1,[2,{"k":"]"}]]},"created_at":"t1","updated_at":"t2"} ,
          {"source":"\u00e9t\u00e9 \ud83d\ude00","source_type":"url","credentials":{"url":"https://x/?a=1&b=[2]"}}
         ]
        """#

    private func decoder(maxElementBytes: Int = 1 << 20, maxSources: Int = 1_000) -> ListingDecoder {
        ListingDecoder(maxElementBytes: maxElementBytes, maxSources: maxSources)
    }

    /// Feeds `body` in pieces of the given sizes (cycled) and finishes.
    private func decode(_ body: [UInt8], pieces: [Int], into decoder: ListingDecoder) throws(ListingDecoder.Failure) {
        var start = 0
        var turn = 0
        while start < body.count {
            let end = min(body.count, start + pieces[turn % pieces.count])
            var failure: ListingDecoder.Failure?
            body[start..<end].withUnsafeBytes { bytes in
                do throws(ListingDecoder.Failure) { try decoder.consume(bytes) } catch { failure = error }
            }
            if let failure { throw failure }
            start = end
            turn += 1
        }
        try decoder.finish()
    }

    private func wholeBody(_ body: [UInt8]) throws -> [Source] {
        try SourcePayload.decodeList(try JSONParser.parse(body))
    }

    @Test func everySplitOfTheBodyGivesTheSourcesOfTheWholeBodyPath() throws {
        let body = Array(Self.tricky.utf8)
        let expected = try wholeBody(body)
        #expect(expected.count == 3)
        #expect(expected[1].name == "q\"uo]te}s" && expected[1].credentials["bucket"] == "[{\"}")
        for cut in 0...body.count {
            let decoder = decoder()
            try decode(body, pieces: [max(cut, 1), body.count], into: decoder)
            #expect(decoder.shape == .array)
            #expect(decoder.sources == expected, "split at byte \(cut)")
        }
        let bytewise = decoder()
        try decode(body, pieces: [1], into: bytewise)
        #expect(bytewise.sources == expected)
    }

    @Test func anEmptyListIsNoSources() throws {
        for text in ["[]", " \n[ \t]\r\n "] {
            let decoder = decoder()
            try decode(Array(text.utf8), pieces: [1], into: decoder)
            #expect(decoder.shape == .array && decoder.sources.isEmpty)
        }
    }

    @Test func aBodyThatIsNotAnArrayIsLeftToTheWholeBodyPath() throws {
        for text in [#"{"errors":["nope"]}"#, "<html><title>502</title></html>", "  null", "\"text\""] {
            let decoder = decoder()
            try decode(Array(text.utf8), pieces: [3], into: decoder)
            #expect(decoder.shape == .other, "\(text)")
            #expect(decoder.sources.isEmpty)
        }
        let blank = decoder()
        try decode(Array("  \n".utf8), pieces: [1], into: blank)
        #expect(blank.shape == .undecided)
    }

    @Test(arguments: [
        (#"[{"source":"a","source_type":"s3"}"#, "unexpected end of document"),
        (#"[{"source":"a","source_type":"s3"},"#, "unexpected end of document"),
        (#"[{"source":"a","source_type":"s3""#, "unexpected end of document"),
        (#"[{"source":"a","source_type":"s3"},]"#, "expected a value after ','"),
        (#"[{"source":"a","source_type":"s3"} {"source":"b","source_type":"s3"}]"#, "expected ',' or ']'"),
        (#"[{"source":"a","source_type":"s3"}] x"#, "unexpected data after the JSON value"),
        (#"[{"source":"a","source_type":"s3",}]"#, "expected a member name"),
        (
            #"[{"source":"a","source_type":"s3"},{"source_type":"s3"}]"#,
            "source 2: source object without a string 'source'"
        ),
        (#"[{"source":"a","source_type":"s3"},42]"#, "source 2: expected a source object, got a number"),
        (#"[nul]"#, "invalid literal"),
    ])
    func brokenListsAreRefusedWithAReasonThatQuotesNoValue(body: String, reason: String) {
        let decoder = decoder()
        do {
            try decode(Array(body.utf8), pieces: [5], into: decoder)
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.reason.hasPrefix(reason), "\(body): \(error)")
            #expect(!error.reason.contains("\"a\""))
        }
    }

    @Test func memoryIsOneElementNotTheBody() throws {
        let element =
            #"{"id":"%ID%","source":"name-%ID%","source_type":"s3","credentials":{"bucket":"b","region":"r"}}"#
        let count = 20_000
        var text = "["
        for i in 0..<count {
            if i > 0 { text += "," }
            text += element.replacingOccurrences(of: "%ID%", with: String(i))
        }
        text += "]"
        let body = Array(text.utf8)
        let decoder = decoder(maxSources: count)
        try decode(body, pieces: [65_536, 1_000, 7], into: decoder)
        #expect(decoder.sources.count == count)
        #expect(decoder.sources.last?.name == "name-\(count - 1)")
        // The body is about 2 MB; the decoder never held more than one element of it.
        #expect(body.count > 1_500_000)
        #expect(decoder.peakElementBytes <= element.utf8.count + 2 * 5)
    }

    @Test func theSourceCapIsEnforcedAndSaysWhatToCheck() {
        let decoder = decoder(maxSources: 2)
        let body = Array(
            #"[{"source":"a","source_type":"s3"},{"source":"b","source_type":"s3"},{"source":"c","source_type":"s3"}]"#
                .utf8)
        do {
            try decode(body, pieces: [body.count], into: decoder)
            Issue.record("accepted 3 sources with a cap of 2")
        } catch {
            #expect(error.reason.contains("more than 2 sources"))
            #expect(error.reason.contains("check that the endpoint is the Sources API"))
        }
    }

    @Test func oneOversizedElementIsRefusedBeforeItIsHeldWhole() {
        let decoder = decoder(maxElementBytes: 1_000)
        let big = String(repeating: "x", count: 100_000)
        let body = Array(#"[{"source":"\#(big)","source_type":"s3"}]"#.utf8)
        do {
            try decode(body, pieces: [512], into: decoder)
            Issue.record("accepted an element over the limit")
        } catch {
            #expect(error.reason.contains("larger than 1000 bytes"))
            #expect(error.offset == 1)
        }
        #expect(decoder.peakElementBytes < 2_000)
    }

    @Test func aVisitorGetsEverySourceInOrderAndTheDecoderKeepsNone() throws {
        let body = Array(Self.tricky.utf8)
        var seen: [String] = []
        let visiting = ListingDecoder(maxElementBytes: 1 << 20, maxSources: 1_000) { seen.append($0.name) }
        try decode(body, pieces: [7, 1, 64], into: visiting)
        #expect(seen == (try wholeBody(body)).map(\.name))
        #expect(visiting.sources.isEmpty)
        #expect(visiting.listedCount == 3)
        // The cap bounds the answer, not what is kept: three sources listed are over a cap of two.
        let capped = ListingDecoder(maxElementBytes: 1 << 20, maxSources: 2) { _ in }
        #expect(throws: ListingDecoder.Failure.self) { try decode(body, pieces: [64], into: capped) }
    }
}
