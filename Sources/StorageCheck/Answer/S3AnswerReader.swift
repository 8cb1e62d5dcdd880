/// Reads an S3-dialect answer to `ListObjectsV2` (S3, Spaces, Wasabi, Cloud Storage, R2,
/// Akamai), by the error codes S3 documents
/// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
enum S3AnswerReader {
    static func outcome(_ response: ProbeResponse, _ probe: Probe) -> CheckOutcome {
        let status = response.status
        if (200..<300).contains(status) {
            return CheckOutcome(.ok, "\(probe.provider) listed \(probe.target) with this key", field: probe.targetField)
        }
        let body = ProviderErrorBody(response.body)
        let code = body.code ?? response.header("x-amz-error-code")
        let said = AnswerClassifier.providerSaid(body, response, probe)
        let key = probe.keyField ?? "the access key"
        let secret = probe.secretField ?? "the secret"

        if let region = wrongRegion(response, body, probe) { return region }
        switch code {
        case "NoSuchBucket", "InvalidBucketName":
            return CheckOutcome(
                .noSuchBucket,
                code == "NoSuchBucket"
                    ? "\(probe.provider) has no \(probe.target) (NoSuchBucket)"
                    : "\(probe.provider) says \(probe.target) is not a valid bucket name (InvalidBucketName)",
                hint: "check bucket (its spelling, and that it belongs to this key's account)", field: "bucket")
        case "SignatureDoesNotMatch":
            return CheckOutcome(
                .denied, "\(probe.provider) refused the signature (SignatureDoesNotMatch)",
                hint: "the secret does not belong to this key: check \(secret)", field: secret)
        case "InvalidAccessKeyId":
            return CheckOutcome(
                .denied, "\(probe.provider) does not know the access key (InvalidAccessKeyId)",
                hint: "check \(key): the key may have been deleted, deactivated or rotated", field: key)
        case "AccessDenied", "AllAccessDisabled":
            return CheckOutcome(
                .denied, "\(probe.provider) does not let this key list \(probe.target) (\(code ?? "AccessDenied"))",
                hint: "the key is valid; give it read access to the bucket (s3:ListBucket and s3:GetObject)",
                field: key)
        case "RequestTimeTooSkewed":
            return CheckOutcome(
                .denied, "\(probe.provider) refused the request's time (RequestTimeTooSkewed)",
                hint: "this computer's clock is more than 15 minutes off: correct it and run check again")
        case "ExpiredToken", "InvalidToken", "TokenRefreshRequired":
            return CheckOutcome(
                .denied, "\(probe.provider) refused the key's session (\(code ?? ""))",
                hint: "use a long-lived key, not temporary credentials", field: key)
        default: break
        }
        if status == 404 {
            return CheckOutcome(
                .noSuchBucket, "\(probe.provider) has no \(probe.target)" + (said.map { " (\($0))" } ?? " (404)"),
                hint: "check bucket", field: "bucket")
        }
        if status == 401 || status == 403 {
            return CheckOutcome(
                .denied, "\(probe.provider) refused the key (\(said ?? String(status)))",
                hint: "check \(key) and \(secret)", field: key)
        }
        return CheckOutcome(
            .denied, "\(probe.provider) answered \(status) (\(said ?? "no error code"))",
            hint: "check the record's key, secret, bucket and region", field: key)
    }

    /// A redirect or `AuthorizationHeaderMalformed` that names another region than the one signed for.
    private static func wrongRegion(
        _ response: ProbeResponse, _ body: ProviderErrorBody, _ probe: Probe
    ) -> CheckOutcome? {
        let code = body.code ?? response.header("x-amz-error-code")
        let regionCodes: Set<String> = [
            "PermanentRedirect", "TemporaryRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException",
        ]
        let isRedirect = [301, 302, 307].contains(response.status)
        guard isRedirect || code.map(regionCodes.contains) == true else { return nil }
        let named = (response.header("x-amz-bucket-region") ?? body.region)?.lowercased()
        let used = probe.region ?? "us-east-1"
        if let named, !named.isEmpty, named != used {
            let clean = probe.redactor.clean(named)
            return CheckOutcome(
                .wrongRegion, "\(probe.target) is in \(clean), not \(used) (\(code ?? String(response.status)))",
                hint: "set region to \(clean)", field: "region", suggestedRegion: clean)
        }
        guard isRedirect || code == "PermanentRedirect" else { return nil }
        let elsewhere = body.endpoint.map { " to \(probe.redactor.clean($0))" } ?? ""
        let said = code ?? String(response.status)
        return CheckOutcome(
            .wrongRegion, "\(probe.provider) sends requests for \(probe.target) elsewhere\(elsewhere) (\(said))",
            hint: "check region (the bucket is served from another endpoint)", field: "region")
    }
}
