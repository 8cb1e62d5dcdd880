public import Foundation
public import SourcesAPI
public import SourcesCore

/// Why `export` could not produce its file.
public enum ExportFailure: Error, Sendable, CustomStringConvertible {
    /// `--format` names no writer.
    case unknownFormat(String)
    /// The account could not be listed.
    case fetchFailed(RequestFailure, abort: AbortReason?)
    /// The file could not be written.
    case writeFailed(FileWriteError)

    public var description: String {
        switch self {
        case .unknownFormat(let format):
            "unknown format '\(format)'; use one of "
                + WriterRegistry.builtIn.map { $0.formatName }.joined(separator: ", ")
        case .fetchFailed(let failure, let abort):
            "cannot list the account's sources: " + (abort.map { "\($0)" } ?? "\(failure)")
        case .writeFailed(let error): "\(error)"
        }
    }
}

/// An export: the account's sources rendered in the export envelope.
public struct AccountExport: Sendable {
    /// The sources, in the API's order.
    public var sources: [Source]
    /// The rendered file.
    public var text: String
    /// When the account was listed.
    public var fetchedAt: Date
}

/// `export`: lists the account once (through the run's ``RateGovernor`` and retries, the
/// uploader's own listing) and renders it with a ``SourcesWriter`` in the export envelope
/// (`exported_at`, `endpoint`, `count`). Provider secrets stay `****` as the API returns them;
/// `secret_token` is kept, which is why files are written with mode 0600.
public struct AccountExporter: Sendable {
    /// The endpoint written into the envelope.
    public var endpoint: String
    private let uploader: Uploader

    /// Creates an exporter reading through `service` and `governor`.
    public init(
        endpoint: String, service: any SourcesService, governor: RateGovernor, control: RunControl = RunControl()
    ) {
        self.endpoint = EndpointText.withoutUserinfo(endpoint)
        self.uploader = Uploader(service: service, governor: governor, control: control)
    }

    /// Lists the account and renders it as `format` (`json`, `yaml`, `csv`, `xml`).
    public func export(format: String) async throws(ExportFailure) -> AccountExport {
        guard let writer = WriterRegistry.writer(named: format) else { throw .unknownFormat(format) }
        let sources: [Source]
        do {
            sources = try await uploader.fetchAccount()
        } catch {
            throw .fetchFailed(error, abort: uploader.control.abortReason)
        }
        let fetchedAt = Date()
        let text = writer.render(
            sources, metadata: ExportMetadata(exportedAt: Timestamp.iso8601(fetchedAt), endpoint: endpoint))
        return AccountExport(sources: sources, text: text, fetchedAt: fetchedAt)
    }

    /// Writes `export` to `path` with mode 0600, whole or not at all, as `outputs` allows (a new
    /// file unless `--force`; never over an input).
    public static func write(
        _ export: AccountExport, to path: String, outputs: OutputPolicy = OutputPolicy()
    ) throws(ExportFailure) {
        do {
            try outputs.write(export.text, to: output(path))
        } catch {
            throw .writeFailed(error)
        }
    }

    /// The export at `path` (`-o`), as an output of the command.
    public static func output(_ path: String) -> PlannedOutput {
        PlannedOutput(path: path, role: "export", flag: "-o")
    }
}
