/// Turns what came back for a probe into a ``CheckOutcome``: the provider's own words
/// (its error code and message, redacted) and what to do about them.
public enum AnswerClassifier {
    /// The outcome of `answer`, the last of `attempts` tries of `probe`.
    public static func classify(_ answer: ProbeAnswer, of probe: Probe, attempts: Int = 1) -> CheckOutcome {
        switch answer {
        case .failure(let failure): return unreachable(failure, probe, attempts: attempts)
        case .success(let response):
            if (500..<600).contains(response.status) {
                let said = providerSaid(ProviderErrorBody(response.body), response, probe)
                return CheckOutcome(
                    .unreachable,
                    "\(probe.provider) answered \(response.status)\(said.map { " (\($0))" } ?? "")"
                        + (attempts > 1 ? " to each of \(attempts) tries" : ""),
                    hint: "the provider is failing, not the record: run check again later", field: probe.targetField)
            }
            switch probe.dialect {
            case .s3: return S3AnswerReader.outcome(response, probe)
            case .azure: return AzureAnswerReader.outcome(response, probe)
            case .url: return URLAnswerReader.outcome(response, probe)
            }
        }
    }

    /// True when `answer` is worth one more try: a timeout, a dropped connection or a 5xx.
    public static func isTransient(_ answer: ProbeAnswer) -> Bool {
        switch answer {
        case .failure(let failure): failure.isTransient
        case .success(let response): (500..<600).contains(response.status)
        }
    }

    /// True when `answer` says the server does not allow the request's method (a `HEAD`).
    public static func refusesMethod(_ answer: ProbeAnswer) -> Bool {
        if case .success(let response) = answer { return response.status == 405 || response.status == 501 }
        return false
    }

    private static func unreachable(_ failure: TransportFailure, _ probe: Probe, attempts: Int) -> CheckOutcome {
        let host = probe.request.host
        let detail = failure.detail.isEmpty ? "" : " (\(probe.redactor.clean(failure.detail)))"
        let message: String
        switch failure.kind {
        case .nameResolution: message = "cannot resolve \(host)"
        case .connectionRefused: message = "\(probe.request.authority) refused the connection"
        case .tls: message = "the TLS handshake with \(host) failed\(detail)"
        case .timeout:
            message = "\(probe.request.authority) did not answer in time" + (attempts > 1 ? " (\(attempts) tries)" : "")
        case .connectionLost:
            message =
                "\(probe.request.authority) closed the connection before answering"
                + (attempts > 1 ? " (\(attempts) tries)" : "")
        case .other: message = "cannot reach \(probe.request.authority)\(detail)"
        }
        let hint: String
        switch probe.dialect {
        case .s3:
            hint =
                failure.kind == .nameResolution
                ? "check bucket and region (or the endpoint): the provider has no such host"
                : "check the network, and the endpoint if one was given"
        case .azure:
            hint =
                failure.kind == .nameResolution
                ? "check account_name: Azure has no storage account by that name" : "check the network"
        case .url: hint = "check url, and that the origin is up and reachable from here"
        }
        let field = probe.dialect == .azure && failure.kind == .nameResolution ? "account_name" : probe.targetField
        return CheckOutcome(.unreachable, message, hint: hint, field: field)
    }

    /// `Code: message` as the provider said it, redacted and on one line; nil when it said nothing.
    static func providerSaid(_ body: ProviderErrorBody, _ response: ProbeResponse, _ probe: Probe) -> String? {
        let code = body.code ?? response.header("x-ms-error-code") ?? response.header("x-amz-error-code")
        let parts = [code, body.message, body.detail].compactMap { $0 }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return nil }
        return probe.redactor.clean(parts.joined(separator: ": "))
    }
}
