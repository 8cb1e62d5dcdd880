import NIOSSL

/// What a failed TLS handshake means for the user: most often the server's certificate is
/// not signed by a CA this machine trusts (a company's TLS proxy, a private CA), which
/// `SSL_CERT_FILE` fixes; sometimes it is for another host name.
enum TLSFailure {
    /// A sentence for `error`, when it is a TLS failure with `host`; nil for anything else.
    static func describe(_ error: any Error, host: String) -> String? {
        if let extra = error as? NIOSSLExtraError {
            if extra == .failedToValidateHostname || extra == .serverHostnameImpossibleToMatch {
                return "the TLS certificate of \(host) is not for that host name; check --endpoint"
            }
            return "the TLS connection to \(host) failed (\(TransportErrorMapper.safeName(extra)))"
        }
        guard let ssl = error as? NIOSSLError else { return nil }
        if case .handshakeFailed(let inner) = ssl, String(describing: inner).contains("CERTIFICATE_VERIFY_FAILED") {
            return untrusted(host)
        }
        switch ssl {
        case .unableToValidateCertificate, .noCertificateToValidate: return untrusted(host)
        default: return "the TLS handshake with \(host) failed (\(TransportErrorMapper.safeName(ssl)))"
        }
    }

    /// The message for a certificate that no trusted CA signed.
    static func untrusted(_ host: String) -> String {
        "the server's TLS certificate for \(host) was not trusted (it is not signed by a certificate authority "
            + "this machine trusts); if \(host) uses a private CA or a company TLS proxy, set "
            + "\(ExtraTrustRoots.variable) to a PEM file of that CA's certificate"
    }
}
