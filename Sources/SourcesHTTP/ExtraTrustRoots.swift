import SourcesAPI
import NIOSSL

/// Certificate authorities trusted besides the system's: the PEM file `SSL_CERT_FILE` names,
/// as curl and the OpenSSL tools read it, so that an API behind a company's TLS proxy or with a
/// private CA can be reached without turning verification off.
///
/// The file is read when the settings are resolved, so a wrong path is said before any request.
public struct ExtraTrustRoots: Sendable {
    /// The environment variable.
    public static let variable = "SSL_CERT_FILE"

    /// The file.
    public let path: String
    /// The certificates it holds.
    let certificates: [NIOSSLCertificate]

    /// Reads the PEM certificates at `path`.
    static func load(_ path: String) throws(ConfigurationError) -> ExtraTrustRoots {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw .unreadableTrustFile(path: path, reason: "not a readable PEM file of certificates")
        }
        guard !certificates.isEmpty else {
            throw .unreadableTrustFile(path: path, reason: "it holds no PEM certificate")
        }
        return ExtraTrustRoots(path: path, certificates: certificates)
    }

    /// The client's TLS settings: the system's trust roots plus these.
    var tlsConfiguration: TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.certificates(certificates)]
        return tls
    }
}
