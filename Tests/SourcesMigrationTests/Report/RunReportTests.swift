import Foundation
import SourcesCore
import SourcesMigration
import TestSupport
import Testing

@Suite struct RunReportTests {
    private func report(_ results: [RecordResult]) -> RunReport {
        RunReport(
            header: RunHeader(
                runID: "run-1", startedAt: "2026-01-01T00:00:00Z", endpoint: "http://127.0.0.1:1/v1",
                inputs: ["a.csv"], backup: "b.json"),
            finishedAt: "2026-01-01T00:00:05Z", outcome: .completed, results: results, statistics: RunStatistics())
    }

    private let results = [
        RecordResult(
            source: "a", file: "a.csv", line: 2, action: .create, status: .created, id: "i1", attempts: 1,
            httpStatus: 201),
        RecordResult(
            source: "b", file: "a.csv", line: 3, action: .create, status: .failed, attempts: 1, httpStatus: 422,
            errors: ["=HYPERLINK(\"http://x\")", "Credential bucket is required for s3 sources"]),
        RecordResult(source: "c", file: "a.csv", line: 4, action: .unchanged, status: .unchanged, id: "i3"),
    ]

    @Test func jsonKeepsTheDocumentedKeysInOrder() throws {
        let json = report(results).json()
        let keys = [
            "\"kind\"", "\"version\"", "\"run_id\"", "\"started_at\"", "\"finished_at\"", "\"endpoint\"",
            "\"inputs\"", "\"backup\"", "\"summary\"", "\"results\"",
        ]
        let positions = keys.compactMap { json.range(of: $0)?.lowerBound }
        #expect(positions.count == keys.count)
        #expect(positions == positions.sorted())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["kind"] as? String == "imageboss-sources-report")
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["total": 3, "created": 1, "updated": 0, "unchanged": 1, "skipped": 0, "failed": 1])
        let list = try #require(object["results"] as? [[String: Any]])
        #expect(list.map { $0["status"] as? String } == ["created", "failed", "unchanged"])
        #expect((list[1]["errors"] as? [String])?.last == "Credential bucket is required for s3 sources")
        #expect(list[1]["http_status"] as? Int == 422)
    }

    @Test func aResultLineKeepsItsKeysInOrderAndEscapesItsValues() throws {
        let result = RecordResult(
            source: "na\"me\\1", file: "dir/in\nput.csv", line: 7, action: .update, status: .failed, id: "id-\u{1}",
            attempts: 3, httpStatus: 422, errors: ["bad \"x\"", "über\tall"], fields: ["source", "bucket"])
        #expect(
            result.json
                == #"{"source": "na\"me\\1", "file": "dir/in\nput.csv", "line": 7, "action": "update", "status": "failed", "#
                + #""id": "id-\u0001", "attempts": 3, "http_status": 422, "errors": ["bad \"x\"", "über\tall"], "#
                + #""fields": ["source", "bucket"]}"#)
        let bare = RecordResult(source: "s", file: "f", line: 1, action: .create, status: .skipped)
        #expect(
            bare.json
                == #"{"source": "s", "file": "f", "line": 1, "action": "create", "status": "skipped", "id": null, "#
                + #""attempts": 0, "http_status": null, "errors": []}"#)
        let decoded = try JSONDecoder().decode(RecordResult.self, from: Data(result.json.utf8))
        #expect(decoded == result)
    }

    @Test func csvQuotesCellsWithLineBreaksAndNonASCIIText() {
        #expect(CSVText.spreadsheetField("two\nlines") == "\"two\nlines\"")
        #expect(CSVText.spreadsheetField("cr\rhere") == "\"cr\rhere\"")
        #expect(CSVText.spreadsheetField("über, alles") == "\"über, alles\"")
        #expect(CSVText.spreadsheetField("line\u{2028}sep") == "\"line\u{2028}sep\"")
        #expect(CSVText.spreadsheetField("über") == "über")
    }

    @Test func csvDefusesFormulasAndQuotes() {
        #expect(CSVText.spreadsheetField("=1+2") == "'=1+2")
        #expect(CSVText.spreadsheetField("+cmd") == "'+cmd")
        #expect(CSVText.spreadsheetField("-2") == "'-2")
        #expect(CSVText.spreadsheetField("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVText.spreadsheetField("a,b") == "\"a,b\"")
        #expect(CSVText.spreadsheetField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVText.spreadsheetField("plain") == "plain")
        let csv = report(results).csv()
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "source,file,line,action,status,id,attempts,http_status,errors")
        #expect(lines[2].hasPrefix("b,a.csv,3,create,failed,,1,422,\"'=HYPERLINK("))
    }

    @Test func writesBothFilesPrivately() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("report.json")
        let csv = try report(results).write(to: path)
        #expect(csv == dir.file("report.json.csv"))
        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        #expect(try TemporaryDirectory.mode(of: csv) == 0o600)
        let state = try ResumeState.load(path: path)
        #expect(Set(state.succeeded.keys) == ["a", "c"])
        #expect(state.resultCount == 3)
    }

    /// A report of many results is written in parts (never held whole): the files hold every
    /// result once, in order, as a JSON and a CSV reader see them.
    @Test func aReportWrittenInPartsHoldsEveryResultOnceInOrder() throws {
        let count = 6_000
        let many = (0..<count).map { i in
            RecordResult(
                source: "source-\(i)", file: "big.csv", line: i + 2, action: .create, status: .created,
                id: "id-\(i)", attempts: 1, httpStatus: 201, errors: [String(repeating: "é", count: i % 200)])
        }
        let big = report(many)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("big.json")
        let csvPath = try big.write(to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.count > 1 << 20)  // several parts of 256 KiB
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let list = try #require(object["results"] as? [[String: Any]])
        #expect(list.count == count)
        #expect(list.map { $0["source"] as? String } == many.map(\.source))
        #expect((list.last?["errors"] as? [String])?.first == String(repeating: "é", count: (count - 1) % 200))
        let rows = try String(contentsOfFile: csvPath, encoding: .utf8).components(separatedBy: "\r\n")
        #expect(rows.count == count + 2)  // the header, one row each, and the empty string after the last CRLF
        #expect(rows[1].hasPrefix("source-0,big.csv,2,create,created,id-0,1,201,"))
        #expect(rows[count].hasPrefix("source-\(count - 1),big.csv,\(count + 1),"))
        #expect(try ResumeState.load(path: path).resultCount == count)
    }
}
