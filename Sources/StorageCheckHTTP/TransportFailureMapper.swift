import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import StorageCheck

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns what AsyncHTTPClient and SwiftNIO throw into a ``TransportFailure``: a name that
/// does not resolve, a refused connection, a TLS failure, a timeout, a connection lost.
/// Details name the failure, never a URL (its query may hold a SAS token).
enum TransportFailureMapper {
    static func map(_ error: any Error) -> TransportFailure {
        if let e = error as? HTTPClientError { return map(e) }
        if let e = error as? NIOConnectionError {
            if e.dnsAError != nil || e.dnsAAAAError != nil { return TransportFailure(.nameResolution) }
            if e.connectionErrors.isEmpty { return TransportFailure(.nameResolution) }
            let refused = e.connectionErrors.contains { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }
            if refused { return TransportFailure(.connectionRefused) }
            if let first = e.connectionErrors.first { return map(first.error) }
        }
        if error is SocketAddressError { return TransportFailure(.nameResolution) }
        if let e = error as? IOError {
            switch e.errnoCode {
            case ECONNREFUSED: return TransportFailure(.connectionRefused)
            case ECONNRESET, EPIPE: return TransportFailure(.connectionLost, "connection reset")
            case ETIMEDOUT: return TransportFailure(.timeout)
            case ENETUNREACH, EHOSTUNREACH: return TransportFailure(.other, "no route to host")
            default: return TransportFailure(.other, "I/O error \(e.errnoCode)")
            }
        }
        if let e = error as? ChannelError {
            switch e {
            case .connectTimeout: return TransportFailure(.timeout)
            case .eof, .ioOnClosedChannel, .alreadyClosed, .inputClosed, .outputClosed:
                return TransportFailure(.connectionLost, "connection closed")
            default: return TransportFailure(.other, "channel error")
            }
        }
        if error is HTTPParserError { return TransportFailure(.connectionLost, "malformed HTTP answer") }
        // NIOSSL's errors (certificate, handshake) without importing NIOSSL.
        let typeName = String(reflecting: type(of: error))
        if typeName.contains("NIOSSL") || typeName.contains("BoringSSL") || typeName.contains("TLS") {
            return TransportFailure(.tls, String(describing: error))
        }
        return TransportFailure(.other, typeName)
    }

    private static func map(_ e: HTTPClientError) -> TransportFailure {
        switch e {
        case .readTimeout, .connectTimeout, .writeTimeout, .deadlineExceeded, .getConnectionFromPoolTimeout:
            return TransportFailure(.timeout)
        case .tlsHandshakeTimeout: return TransportFailure(.tls, "TLS handshake timed out")
        case .remoteConnectionClosed, .uncleanShutdown, .bodyLengthMismatch:
            return TransportFailure(.connectionLost, "connection closed")
        default: return TransportFailure(.other, "HTTP client error")
        }
    }
}
