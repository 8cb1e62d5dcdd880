import Foundation
import SourcesCore
import TestSupport
import Testing

@testable import SourcesReaders

/// `check` (what `ibsources validate` runs: plain rows screened, the rest in full) must
/// report exactly what `run` (every record normalised and validated) reports.
@Suite struct InputPipelineCheckTests {
    /// What a pipeline reported: every diagnostic in order, the record count, the valid count.
    struct Outcome: Equatable {
        var diagnostics: [Diagnostic]
        var records: Int
        var valid: Int
        var failure: String?
    }

    static let environment = ["IB_CHECK_SECRET": "from-the-environment"]

    static func viaRun(_ inputs: [InputSource]) -> Outcome {
        let store = DiagnosticStore()
        let pipeline = InputPipeline(format: "csv", environment: environment, diagnostics: store)
        var records = 0
        var valid = 0
        var failure: String?
        do {
            try pipeline.run(inputs) { _, ok in
                records += 1
                if ok { valid += 1 }
            }
        } catch {
            failure = error.description
        }
        return Outcome(diagnostics: store.diagnostics, records: records, valid: valid, failure: failure)
    }

    static func viaCheck(_ inputs: [InputSource]) -> Outcome {
        let store = DiagnosticStore()
        let pipeline = InputPipeline(format: "csv", environment: environment, diagnostics: store)
        var tally = RecordTally()
        var failure: String?
        do {
            try pipeline.check(inputs, tally: &tally)
        } catch {
            failure = error.description
        }
        return Outcome(diagnostics: store.diagnostics, records: tally.records, valid: tally.valid, failure: failure)
    }

    /// The header of the generated inputs: every credential column, an alias column
    /// (`name` beside `source`), a prefixed one, an empty one, an `id` and one that no
    /// type uses (`Bucket Name`).
    static let header = [
        "source", "Source Type", "bucket", "credentials.region", "access_key_id", "secret_access_key", "access_key",
        "secret", "endpoint", "account_name", "service_type", "sas_token", "container_name", "share_name", "url",
        "require_token", "id", "", "name", "Bucket Name",
    ]

    /// One generated row: usually a valid source of a random type, often with one thing
    /// wrong or unusual in it (each a case the screen must either settle right or pass on).
    static func row(_ number: Int, _ random: inout SplitMix64, delimiter: String = ",") -> String {
        let types = ["s3", "gcs", "dos", "r2", "akamai", "wasabi", "azure", "url"]
        let type = types[random.below(types.count)]
        var cells = Array(repeating: "", count: header.count)
        func set(_ column: String, _ value: String) {
            if let index = header.firstIndex(of: column) { cells[index] = value }
        }
        set("source", "src-\(number)")
        set("Source Type", type)
        let required: [String: [String]] = [
            "s3": ["access_key_id", "secret_access_key", "bucket", "credentials.region"],
            "gcs": ["access_key", "secret", "bucket"], "dos": ["access_key", "secret", "bucket", "credentials.region"],
            "r2": ["access_key", "secret", "bucket"], "akamai": ["access_key", "secret", "bucket", "endpoint"],
            "wasabi": ["access_key", "secret", "bucket"], "azure": ["account_name", "service_type", "sas_token"],
            "url": ["url"],
        ]
        for column in required[type] ?? [] { set(column, "v\(number)-\(column.count)") }
        if type == "azure" {
            let blob = random.below(2) == 0
            set("service_type", blob ? "blob" : "file-share")
            set(blob ? "container_name" : "share_name", "c\(number)")
        }
        if type == "url" { set("url", "https://img\(number).example.com/path") }
        if random.below(4) == 0 { set("require_token", random.below(2) == 0 ? "true" : "false") }
        if random.below(10) == 0 { set("id", "\(number)") }
        if random.below(2) == 0 { set("Bucket Name", "b\(number)") }
        let earlier = random.below(number + 1)
        let twists: [() -> Void] = [
            { set("source", "src \(number)") },  // invalid name
            { set("source", "") },  // missing name
            { set("source", "src-\(earlier)") },  // a repeated name, most likely
            { set("source", " src-\(number)") },  // white space to trim
            { set("Source Type", "") },
            { set("Source Type", "Spaces") },  // an alias
            { set("Source Type", "ftp") },  // unknown
            { set("Source Type", "S3") },
            { set("bucket", "") },  // a missing credential, for most types
            { set("secret_access_key", "${IB_CHECK_SECRET}") },
            { set("secret", "${IB_CHECK_UNSET}") },
            { set("access_key", "$${literal}") },
            { set("require_token", "yes") },
            { set("require_token", "maybe") },
            { set("url", "http://host:8080/x") },  // valid, but only a URL parser says so
            { set("url", "ftp://host/") },
            { set("url", "https://") },
            { set("service_type", "queue") },
            { set("container_name", "") },
            { set("endpoint", "unused.example") },  // an attribute most types do not use
            { set("name", "other-\(number)") },  // the name given twice
            { set("", "ignored") },  // a cell under the empty header
            { set("bucket", "\"quoted, with a comma\"") },
            { set("bucket", "caf\u{e9}") },  // not ASCII
            { set("bucket", "tab\there") },
            { set("bucket", "\"a\"\"b\"") },
            { cells.append("one-too-many") },
            { cells.removeLast(3) },  // fewer cells than the header
        ]
        if random.below(3) == 0 { twists[random.below(twists.count)]() }
        return cells.joined(separator: delimiter)
    }

    static func generated(rows: Int, seed: UInt64, names: String = "gen.csv", delimiter: String = ",") -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var text = header.joined(separator: delimiter) + "\n"
        for number in 1...rows {
            text += row(number, &random, delimiter: delimiter)
            switch random.below(40) {
            case 0: text += "\r\n"
            case 1: text += "\n\n"  // a blank line
            default: text += "\n"
            }
        }
        return Array(text.utf8)
    }

    @Test(arguments: [1, 2, 3, 4])
    func checkReportsWhatRunReportsOnGeneratedRows(seed: UInt64) {
        // About 5,000 rows: more than the reader's buffer (256 KiB), so that rows straddle its refills.
        let bytes = Self.generated(rows: 5000, seed: seed)
        #expect(bytes.count > 1 << 18)
        let inputs: [InputSource] = [.bytes(name: "gen.csv", bytes)]
        let run = Self.viaRun(inputs)
        let check = Self.viaCheck(inputs)
        #expect(run.records == 5000)
        #expect(run.valid > 2000 && run.valid < run.records, "the generator should make both kinds")
        #expect(check.records == run.records)
        #expect(check.valid == run.valid)
        #expect(check.failure == run.failure)
        #expect(check.diagnostics.count == run.diagnostics.count)
        if let first = zip(check.diagnostics, run.diagnostics).first(where: { $0 != $1 }) {
            Issue.record("first difference: check \(first.0.formatted) / run \(first.1.formatted)")
        }
    }

    @Test(arguments: [";", "\t", "|"])
    func checkReportsWhatRunReportsWithAnotherDelimiter(delimiter: String) {
        let inputs: [InputSource] = [.bytes(name: "gen.csv", Self.generated(rows: 3000, seed: 7, delimiter: delimiter))]
        let run = Self.viaRun(inputs)
        let check = Self.viaCheck(inputs)
        #expect(run.records == 3000)
        #expect(run.valid > 1000 && run.valid < run.records)
        #expect(check == run)
    }

    @Test func aNameRepeatedOnEveryRowIsReportedAsRunReportsIt() {
        // Plain rows (settled by the screen, then reported as repeats without a record) and
        // quoted ones (the full path) in one file: the same diagnostics, in the same order.
        var text = "source,source_type,url\n"
        for i in 0..<3000 { text += i % 7 == 0 ? "\"dup\",url,https://a.example/\n" : "dup,url,https://a.example/\n" }
        let inputs: [InputSource] = [.bytes(name: "dup.csv", Array(text.utf8))]
        let run = Self.viaRun(inputs)
        #expect(run.valid == 1)
        #expect(run.diagnostics.count == 2999)
        #expect(Self.viaCheck(inputs) == run)
    }

    @Test func checkFindsNamesRepeatedAcrossInputsAndEndsAsRunDoesOnAnUnclosedQuote() {
        let one = "source,source_type,url\na,url,https://a.example/\nb,url,https://b.example/\n"
        let two = "source,source_type,url\nb,url,https://c.example/\nc,url,https://d.example/\nd,url,\"open\n"
        let inputs: [InputSource] = [
            .bytes(name: "one.csv", Array(one.utf8)), .bytes(name: "two.csv", Array(two.utf8)),
        ]
        let run = Self.viaRun(inputs)
        let check = Self.viaCheck(inputs)
        #expect(check == run)
        #expect(check.records == 4 && check.valid == 3)
        #expect(check.failure != nil)
        let duplicate = check.diagnostics.first { $0.code == .duplicateName }
        #expect(duplicate?.location == SourcesCore.SourceLocation(file: "two.csv", line: 2, column: 1))
        #expect(duplicate?.message.contains("one.csv:3:1") == true)
    }

    @Test func theSampleAndTheConformanceFilesCheckAsTheyRun() throws {
        var files = [PackagePaths.sample("sources.csv")]
        let spectrum = PackagePaths.conformance.appendingPathComponent("csv-spectrum/csvs").path
        for name in try FileManager.default.contentsOfDirectory(atPath: spectrum).sorted() where name.hasSuffix(".csv")
        {
            files.append(spectrum + "/" + name)
        }
        for file in files {
            let inputs: [InputSource] = [.file(file)]
            #expect(Self.viaCheck(inputs) == Self.viaRun(inputs), "\(file)")
        }
    }
}

extension SplitMix64 {
    /// A number in `0..<bound`.
    fileprivate mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
