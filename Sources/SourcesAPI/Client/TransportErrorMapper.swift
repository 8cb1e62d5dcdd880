import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

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
/// Details name the failure, never headers or bodies.
enum TransportErrorMapper {
    /// ``map(_:)``, with failures to reach or use `proxy` (when requests go through one) said
    /// to be the proxy's: the address in a refused connection is the proxy's, not the API's.
    static func map(_ error: any Error, proxy: ProxyServer?) -> APIError {
        guard let proxy else { return map(error) }
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
        switch map(error) {
        case .connectionRefused(let detail) where error is NIOConnectionError:
            return .connectionRefused("\(detail), \(proxy.named)")
        case .transport(let detail) where error is NIOConnectionError:
            return .transport("\(detail), \(proxy.named)")
        case let mapped:
            return mapped
        }
    }

    static func map(_ error: any Error) -> APIError {
        if let apiError = error as? APIError { return apiError }
        if error is CancellationError { return .transport("cancelled") }
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
            if let first = e.connectionErrors.first { return map(first.error) }
            return .transport(String(describing: e))
        }
        if let e = error as? IOError {
            switch e.errnoCode {
            case ECONNREFUSED: return .connectionRefused("errno \(ECONNREFUSED)")
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
            default: return .transport("channel error: \(e)")
            }
        }
        if error is HTTPParserError { return .connectionDropped("malformed HTTP response") }
        if let e = error as? ResponseTooLarge {
            return .invalidResponse(status: e.status, detail: "response body larger than \(e.limit) bytes")
        }
        return .transport(String(describing: type(of: error)))
    }

    private static func map(_ e: HTTPClientError) -> APIError {
        switch e {
        case .readTimeout, .connectTimeout, .writeTimeout, .deadlineExceeded, .getConnectionFromPoolTimeout,
            .tlsHandshakeTimeout:
            return .timeout
        case .remoteConnectionClosed, .uncleanShutdown, .bodyLengthMismatch:
            return .connectionDropped(String(describing: e))
        case .cancelled:
            return .transport("cancelled")
        default:
            return .transport(String(describing: e))
        }
    }
}
