/// Reads Azure Storage's answer to List Blobs or List Directories and Files made with a SAS
/// token, by the error codes Azure documents (`x-ms-error-code`, or the body's `<Code>`;
/// https://learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes).
enum AzureAnswerReader {
    static func outcome(_ response: ProbeResponse, _ probe: Probe) -> CheckOutcome {
        let status = response.status
        if (200..<300).contains(status) {
            return CheckOutcome(
                .ok, "\(probe.provider) listed \(probe.target) with this SAS token", field: probe.targetField)
        }
        let body = ProviderErrorBody(response.body)
        let code = response.header("x-ms-error-code") ?? body.code
        let said = AnswerClassifier.providerSaid(body, response, probe)
        let detail = body.detail.map(probe.redactor.clean)
        switch code {
        case "ContainerNotFound", "ShareNotFound", "ResourceNotFound", "ParentNotFound":
            return CheckOutcome(
                .noSuchBucket, "\(probe.provider) has no \(probe.target) (\(code ?? ""))",
                hint: "check \(probe.targetField) and account_name", field: probe.targetField)
        case "AuthenticationFailed":
            if let detail, isExpiry(detail) {
                return CheckOutcome(
                    .denied, "the SAS token has expired (AuthenticationFailed: \(detail))",
                    hint: "issue a new SAS token (with read and list rights) and put it in sas_token",
                    field: "sas_token")
            }
            return CheckOutcome(
                .denied,
                "\(probe.provider) refused the SAS token (AuthenticationFailed\(detail.map { ": \($0)" } ?? ""))",
                hint: "copy the whole sas_token again; it must be signed for this account", field: "sas_token")
        case "AuthorizationPermissionMismatch", "AuthorizationFailure", "AuthorizationResourceTypeMismatch",
            "AuthorizationServiceMismatch":
            return CheckOutcome(
                .denied, "the SAS token does not allow listing \(probe.target) (\(code ?? ""))",
                hint: "issue a SAS token for this \(probe.targetField == "share_name" ? "share" : "container") "
                    + "with read and list rights (sp=rl)",
                field: "sas_token")
        case "AuthorizationSourceIPMismatch", "AuthorizationProtocolMismatch":
            return CheckOutcome(
                .denied, "the SAS token does not allow requests from here (\(code ?? ""))",
                hint: "the token limits the IP range or protocol (sip, spr); ImageBoss's requests must be allowed",
                field: "sas_token")
        default: break
        }
        if status == 404 {
            return CheckOutcome(
                .noSuchBucket, "\(probe.provider) has no \(probe.target) (\(said ?? "404"))",
                hint: "check \(probe.targetField) and account_name", field: probe.targetField)
        }
        if status == 401 || status == 403 {
            return CheckOutcome(
                .denied, "\(probe.provider) refused the SAS token (\(said ?? String(status)))",
                hint: "check sas_token", field: "sas_token")
        }
        return CheckOutcome(
            .denied, "\(probe.provider) answered \(status) (\(said ?? "no error code"))",
            hint: "check sas_token (a malformed token is refused with 400)", field: "sas_token")
    }

    /// Azure's words for a SAS outside its validity window.
    private static func isExpiry(_ detail: String) -> Bool {
        detail.contains("Signed expiry time") || detail.contains("not valid in the specified time frame")
            || detail.lowercased().contains("expired")
    }
}
