import SourcesAPI
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns what AsyncHTTPClient and SwiftNIO throw into ``APIError``.
///
/// Refused connections (nothing was sent) are told apart from connections that
/// closed before a response (the request may have been handled) and from timeouts.
/// Details name the failure, never headers or bodies: an error's associated values are
/// never printed (`HTTPClientError.invalidHeaderFieldValues([...])` would print the key),
/// only its kind (``safeName(_:)``).
enum TransportErrorMapper {
    /// ``map(_:host:port:)``, with failures to reach or use `proxy` (when requests go through one) said
    /// to be the proxy's: the address in a refused connection is the proxy's, not the API's.
    static func map(_ error: any Error, host: String, port: Int? = nil, proxy: ProxyServer?) -> APIError {
        guard let proxy else { return map(error, host: host, port: port) }
        if let e = error as? HTTPClientError {
            switch e {
            case .proxyAuthenticationRequired:
                return .transport(
                    "\(proxy.named) answered 407: it wants a user name and password; put them in the proxy URL "
                        + "(http://USER:PASSWORD@HOST:PORT, percent-encoded)")
            case .invalidProxyResponse:
                // Its answer to CONNECT was not 200: nothing reached the API, so a retry is safe.
                return .connectionRefused("\(proxy.named) did not open a tunnel to the API")
            case .httpProxyHandshakeTimeout:
                return .timeout
            default: break
            }
        }
        switch map(error, host: host, port: port) {
        case .connectionRefused(let detail) where error is NIOConnectionError:
            return .connectionRefused("\(detail), \(proxy.named)")
        case .transport(let detail) where error is NIOConnectionError:
            return .transport("\(detail), \(proxy.named)")
        case let mapped:
            return mapped
        }
    }

    /// Maps `error` from a request to `host` (named in TLS failures) on `port`.
    static func map(_ error: any Error, host: String, port: Int? = nil) -> APIError {
        if let apiError = error as? APIError { return apiError }
        if error is CancellationError { return .transport("cancelled") }
        if let tls = TLSFailure.describe(error, host: host) { return .transport(tls) }
        if let e = error as? HTTPClientError { return map(e) }
        if let e = error as? NIOConnectionError {
            if e.dnsAError != nil || e.dnsAAAAError != nil {
                return .transport("cannot resolve host \(e.host)")
            }
            let refused = e.connectionErrors.contains { failure in
                (failure.error as? IOError)?.errnoCode == ECONNREFUSED
            }
            if refused || e.connectionErrors.isEmpty {
                return .connectionRefused("\(e.host):\(e.port)")
            }
            if let first = e.connectionErrors.first { return map(first.error, host: host, port: port) }
            return .transport("cannot connect to \(e.host):\(e.port)")
        }
        if let e = error as? IOError {
            switch e.errnoCode {
            case ECONNREFUSED: return .connectionRefused(port.map { "\(host):\($0)" } ?? host)
            case ECONNRESET, EPIPE: return .connectionDropped("connection reset by peer")
            case ETIMEDOUT: return .timeout
            default: return .transport("I/O error, errno \(e.errnoCode)")
            }
        }
        if let e = error as? ChannelError {
            switch e {
            case .connectTimeout: return .timeout
            case .eof, .ioOnClosedChannel, .alreadyClosed, .inputClosed, .outputClosed:
                return .connectionDropped("connection closed")
            default: return .transport("channel error: \(safeName(e))")
            }
        }
        if error is HTTPParserError { return .connectionDropped("malformed HTTP response") }
        if let e = error as? ResponseTooLarge {
            return .invalidResponse(status: e.status, detail: "response body larger than \(e.limit) bytes")
        }
        return .transport(String(describing: type(of: error)))
    }

    /// `error`'s kind without its associated values: `HTTPClientError.invalidHeaderFieldValues`
    /// for `HTTPClientError.invalidHeaderFieldValues(["the key"])`.
    static func safeName(_ error: any Error) -> String {
        let text = String(describing: error)
        let name = text.prefix { $0 != "(" && $0 != ":" && $0 != " " && $0 != "\n" }
        return name.isEmpty ? String(describing: type(of: error)) : String(name)
    }

    private static func map(_ e: HTTPClientError) -> APIError {
        switch e {
        case .readTimeout, .connectTimeout, .writeTimeout, .deadlineExceeded, .getConnectionFromPoolTimeout,
            .tlsHandshakeTimeout:
            return .timeout
        case .remoteConnectionClosed, .uncleanShutdown, .bodyLengthMismatch:
            return .connectionDropped(safeName(e))
        case .cancelled:
            return .transport("cancelled")
        default:
            return .transport(safeName(e))
        }
    }
}
