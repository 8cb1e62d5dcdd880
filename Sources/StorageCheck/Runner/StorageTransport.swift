/// The port the check sends its requests through: "send this HTTP request, give me its
/// status, headers and the start of its body, or say why no answer came".
///
/// The HTTP client implements it (`StorageCheckHTTP.HTTPStorageTransport`); tests implement
/// it in memory. Implementations follow no redirect (a redirect is an answer: S3 says
/// "wrong region" with one) and read at most a few kilobytes of body.
public protocol StorageTransport: Sendable {
    /// Sends `request` and waits at most `timeout` for its answer.
    func send(_ request: ProbeRequest, timeout: Duration) async -> ProbeAnswer
}
