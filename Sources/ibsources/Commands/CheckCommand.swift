import ArgumentParser
import Foundation
import SourcesCore
import SourcesMigration
import StorageCheck

extension IBSources {
    /// `ibsources check`: asks each record's storage provider whether the record's
    /// credentials open its bucket, with one read-only request each.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask each bucket's provider whether the record's credentials open it (read-only).",
            discussion: """
                Validates the inputs first (any error: the diagnostics are printed, nothing is asked, exit 2). \
                Then sends one read-only request per record with the record's own credentials: ListObjectsV2 \
                (max-keys=1, Signature Version 4) for s3, dos, wasabi, gcs, r2 and akamai; List Blobs or List \
                Directories and Files (maxresults=1) with the SAS token for azure; HEAD of the URL for url. \
                Nothing is ever written, and the ImageBoss API is not contacted.

                Each record ends ok, denied, no-such-bucket, wrong-region, unreachable or not-checked, reported \
                as FILE:LINE:COL: error[check-denied]: source 'NAME': ... with what to fix. No secret is printed.

                Exit status: 0 every check ok (or not-checked); 1 some check failed; 2 an input cannot be read \
                or has invalid records, or the usage is wrong.
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var storage: StorageCheckOptions

        @Option(help: "At most this many requests in flight (at most 6 to one host).")
        var concurrency = 16

        @Option(help: "Seconds one request may take (one retry after a timeout or a 5xx).")
        var timeout = 10.0

        @Option(help: "text (compiler-style lines) or json (validate's shape, one diagnostic per record).")
        var output: OutputFormat = .text

        func validate() throws {
            if concurrency < 1 || concurrency > 256 { throw ValidationError("--concurrency must be between 1 and 256") }
            if !(timeout > 0) || timeout > 600 { throw ValidationError("--timeout must be between 0 and 600 seconds") }
        }

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let loader = ImportInputLoader(inputs: input.sources, format: input.format, environment: environment)
            let valid = loader.records.filter(\.valid).count
            if loader.hasErrors {
                if output == .json {
                    StandardStreams.out(
                        DiagnosticPrinter.json(
                            records: loader.records.count, valid: valid, diagnostics: loader.diagnostics))
                } else {
                    StandardStreams.out(
                        DiagnosticPrinter.text(loader.diagnostics, records: loader.records.count, valid: valid))
                    StandardStreams.err("error: fix the inputs first (ibsources validate); nothing was checked\n")
                }
                throw ExitStatus.nothingDone.code
            }
            let report = await StorageCheckRun.run(
                loader.records.map(\.record), settings: storage.settings(environment: environment),
                concurrency: concurrency, timeout: timeout)
            if output == .json {
                StandardStreams.out(
                    DiagnosticPrinter.json(
                        records: loader.records.count, valid: valid,
                        diagnostics: loader.diagnostics + report.diagnostics))
            } else {
                StandardStreams.out(
                    loader.diagnostics.map { $0.formatted + "\n" }.joined() + StorageCheckRun.text(report))
            }
            if report.hasFailures { throw ExitStatus.failed.code }
        }
    }
}
