import Crypto
import Foundation
import SourcesCore

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256` in the `Authorization` header), as the AWS
/// documentation specifies it, on swift-crypto's HMAC-SHA256: the scheme every S3-compatible
/// store (S3, Spaces, Wasabi, Cloud Storage's XML API with an HMAC key, R2, Akamai) accepts.
///
/// It never logs and never keeps a signed request: the secret goes into the signing key
/// and nowhere else. Checked against the AWS test suite's vectors and against botocore.
public struct SigV4Signer: Sendable {
    /// An access key and its secret. Its description names the key id only.
    public struct Credentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        public var accessKeyID: String
        public var secretAccessKey: String
        /// A temporary session's token (`x-amz-security-token`), when there is one.
        public var sessionToken: String?

        public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }

        public var description: String { "Credentials(\(accessKeyID), secret hidden)" }
        public var debugDescription: String { description }
        /// `dump` and debuggers see the key id only.
        public var customMirror: Mirror { Mirror(self, children: ["accessKeyID": accessKeyID]) }
    }

    /// How the path enters the canonical request.
    public enum PathRule: Sendable {
        /// As sent (S3 and its compatibles: no normalisation, encoded once).
        case asSent
        /// Dot segments and empty segments removed, then encoded again (every other AWS service).
        case normalized
    }

    public var credentials: Credentials
    public var region: String
    public var service: String
    public var pathRule: PathRule
    /// Adds `x-amz-content-sha256` (S3 requires it) and signs it.
    public var addsContentHash: Bool

    public init(
        credentials: Credentials, region: String, service: String, pathRule: PathRule = .normalized,
        addsContentHash: Bool = false
    ) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.pathRule = pathRule
        self.addsContentHash = addsContentHash
    }

    /// A signer for S3 and the stores that speak its API: service `s3`, path as sent,
    /// payload hash header.
    public static func s3(credentials: Credentials, region: String) -> SigV4Signer {
        SigV4Signer(credentials: credentials, region: region, service: "s3", pathRule: .asSent, addsContentHash: true)
    }

    /// Adds `X-Amz-Date` (unless the request has one), `x-amz-content-sha256` and
    /// `X-Amz-Security-Token` where they apply, then `Authorization`.
    public func sign(_ request: inout ProbeRequest, at date: SigV4Date) {
        request.headers.removeAll { $0.name.lowercased() == "authorization" }
        if request.header("x-amz-date") == nil { request.headers.append(.init("X-Amz-Date", date.stamp)) }
        if addsContentHash {
            request.headers.removeAll { $0.name.lowercased() == "x-amz-content-sha256" }
            request.headers.append(.init("x-amz-content-sha256", Self.hex(SHA256.hash(data: request.body))))
        }
        if let token = credentials.sessionToken, request.header("x-amz-security-token") == nil {
            request.headers.append(.init("X-Amz-Security-Token", token))
        }
        request.headers.append(.init("Authorization", authorization(for: request, at: date)))
    }

    /// The `Authorization` header's value for `request` as it stands.
    public func authorization(for request: ProbeRequest, at date: SigV4Date) -> String {
        let canonical = canonicalRequest(for: request)
        let signature = self.signature(of: stringToSign(canonicalRequest: canonical, at: date), at: date)
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(at: date)), "
            + "SignedHeaders=\(signedHeaders(of: request)), Signature=\(signature)"
    }

    /// `DATE/REGION/SERVICE/aws4_request`.
    public func scope(at date: SigV4Date) -> String { "\(date.day)/\(region)/\(service)/aws4_request" }

    /// The canonical request: method, path, query, headers, signed header names, payload hash.
    public func canonicalRequest(for request: ProbeRequest) -> String {
        let headers = canonicalHeaders(of: request)
        let payload = request.header("x-amz-content-sha256") ?? Self.hex(SHA256.hash(data: request.body))
        return [
            request.method.uppercased(), canonicalPath(request.path), Self.canonicalQuery(request.query),
            headers.map { "\($0.name):\($0.value)\n" }.joined(), headers.map(\.name).joined(separator: ";"), payload,
        ].joined(separator: "\n")
    }

    /// `AWS4-HMAC-SHA256`, the time, the scope and the canonical request's hash.
    public func stringToSign(canonicalRequest: String, at date: SigV4Date) -> String {
        "AWS4-HMAC-SHA256\n\(date.stamp)\n\(scope(at: date))\n"
            + Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8)))
    }

    /// The hex HMAC of `stringToSign` under the key derived from the secret, day, region and service.
    public func signature(of stringToSign: String, at date: SigV4Date) -> String {
        var key = SymmetricKey(data: Data(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [String(date.day), region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
    }

    /// The names signed, lowercased, sorted, joined by `;`.
    public func signedHeaders(of request: ProbeRequest) -> String {
        canonicalHeaders(of: request).map(\.name).joined(separator: ";")
    }

    private func canonicalPath(_ path: String) -> String {
        switch pathRule {
        case .asSent: path.isEmpty ? "/" : path
        case .normalized: AWSPercentEncoding.encode(AWSPercentEncoding.normalizePath(path), keepSlash: true)
        }
    }

    /// Every header but `Authorization`, with `host` from the request's authority when absent:
    /// names lowercased, values trimmed with inner runs of spaces made one, repeats joined by
    /// `,` in order, sorted by name.
    private func canonicalHeaders(of request: ProbeRequest) -> [(name: String, value: String)] {
        var merged: [(name: String, value: String)] = []
        var all = request.headers.map { (name: $0.name.lowercased(), value: $0.value) }
        if !all.contains(where: { $0.name == "host" }) { all.append(("host", request.authority)) }
        for (name, value) in all where name != "authorization" {
            let trimmed = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            if let index = merged.firstIndex(where: { $0.name == name }) {
                merged[index].value += "," + trimmed
            } else {
                merged.append((name, trimmed))
            }
        }
        return merged.sorted { $0.name < $1.name }
    }

    /// Each name and value encoded, sorted by name then value (byte order), joined by `&`.
    static func canonicalQuery(_ items: [ProbeRequest.QueryItem]) -> String {
        items.map { (AWSPercentEncoding.encode($0.name), AWSPercentEncoding.encode($0.value)) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    static func hex<D: Sequence<UInt8>>(_ digest: D) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A signing time: `yyyyMMdd'T'HHmmss'Z'`, UTC.
public struct SigV4Date: Sendable, Equatable {
    /// `20150830T123600Z`.
    public let stamp: String

    /// The time `seconds` after 1970-01-01T00:00:00Z.
    public init(secondsSince1970 seconds: Int64) {
        stamp = String(UTCTimestamp.iso8601(seconds).filter { $0 != "-" && $0 != ":" })
    }

    /// The time now.
    public static func now() -> SigV4Date { SigV4Date(secondsSince1970: Int64(Date().timeIntervalSince1970)) }

    /// `20150830`.
    public var day: Substring { stamp.prefix(8) }
}
