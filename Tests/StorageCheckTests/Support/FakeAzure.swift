import Foundation

/// Azure Storage as it answers a request made with a SAS token
/// (https://learn.microsoft.com/rest/api/storageservices/list-blobs,
/// https://learn.microsoft.com/rest/api/storageservices/list-directories-and-files,
/// common REST error codes): the token is authenticated first (its `sig`, then its validity
/// window: an expired token is `403 AuthenticationFailed` with "Signed expiry time [...] has to
/// be after signed start time [...]"), then its rights (`AuthorizationPermissionMismatch`
/// without `l`), then the container or share (`404 ContainerNotFound` / `ShareNotFound`).
/// Requests use Azurite's layout: `/ACCOUNT/CONTAINER?restype=container&comp=list...`.
enum FakeAzure {
    static let account = "acme"
    static let containers: Set<String> = ["images"]
    static let shares: Set<String> = ["media"]
    /// The signature of every token this account issued (the fake does not recompute it).
    static let signature = "k8Jb3vLq+ZrT0aW1yS2uX4/cD5eF6gH7iJ9=="

    /// A SAS token with `signature`, valid until `expiry`, with rights `permissions`.
    static func token(expiry: Date, permissions: String = "rl", signature: String = signature) -> String {
        let sig = signature.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? signature
        return "sv=2022-11-02&ss=bf&srt=co&sp=\(permissions)&se=\(iso8601(expiry))&spr=https,http&sig=\(sig)"
    }

    static func answer(_ request: FakeProvider.Received) -> FakeProvider.Answer {
        let now = Date()
        let parts = request.path.split(separator: "/").map(String.init)
        guard parts.count == 2, parts[0] == account, request.query["comp"] == "list",
            let restype = request.query["restype"], restype == "container" || restype == "directory"
        else { return error(400, "InvalidUri", "The requested URI does not represent any resource on the server.") }
        guard request.query["sig"] == signature else {
            return error(
                403, "AuthenticationFailed", authenticationMessage(now),
                detail: "Signature did not match. String to sign used was rl")
        }
        guard let expiryText = request.query["se"], let expiry = parseISO8601(expiryText) else {
            return error(
                403, "AuthenticationFailed", authenticationMessage(now), detail: "se is mandatory. Cannot be empty")
        }
        if expiry <= now {
            return error(
                403, "AuthenticationFailed", authenticationMessage(now),
                detail: "Signed expiry time [\(rfc1123(expiry))] has to be after signed start time [\(rfc1123(now))]")
        }
        guard (request.query["sp"] ?? "").contains("l") else {
            return error(
                403, "AuthorizationPermissionMismatch",
                "This request is not authorized to perform this operation using this permission.")
        }
        if restype == "container" {
            guard containers.contains(parts[1]) else {
                return error(404, "ContainerNotFound", "The specified container does not exist.")
            }
            return FakeProvider.Answer(
                status: 200, headers: [("Content-Type", "application/xml"), ("x-ms-version", "2022-11-02")],
                body: "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"http://"
                    + "\(account).blob.core.windows.net/\" ContainerName=\"\(parts[1])\"><MaxResults>1</MaxResults><Blobs>"
                    + "<Blob><Name>a.jpg</Name></Blob></Blobs><NextMarker /></EnumerationResults>")
        }
        guard shares.contains(parts[1]) else {
            return error(404, "ShareNotFound", "The specified share does not exist.")
        }
        return FakeProvider.Answer(
            status: 200, headers: [("Content-Type", "application/xml")],
            body: "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ShareName=\"\(parts[1])\" "
                + "DirectoryPath=\"\"><Entries><File><Name>a.jpg</Name></File></Entries><NextMarker /></EnumerationResults>"
        )
    }

    private static func authenticationMessage(_ now: Date) -> String {
        "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly "
            + "including the signature.\nRequestId:4486381e-101e-007d-6ebf-e4e645000000\nTime:\(iso8601(now))"
    }

    private static func error(
        _ status: Int, _ code: String, _ message: String, detail: String? = nil
    ) -> FakeProvider.Answer {
        let extra = detail.map { "<AuthenticationErrorDetail>\($0)</AuthenticationErrorDetail>" } ?? ""
        return FakeProvider.Answer(
            status: status, headers: [("Content-Type", "application/xml"), ("x-ms-error-code", code)],
            body:
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>\(code)</Code><Message>\(message)</Message>\(extra)</Error>"
        )
    }

    static func iso8601(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)) }

    private static func parseISO8601(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text)
    }

    private static func rfc1123(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
