/// Reads a web origin's answer to `HEAD` (or a ranged `GET`) of a `url` source's base URL.
///
/// ImageBoss fetches paths under the base URL, without credentials, so the check proves
/// that the origin answers HTTP: any status below 500 is `ok` (a base URL that is a folder
/// commonly answers 403 or 404 while the images under it load), except 401 and 407, which
/// ask for credentials ImageBoss does not send.
enum URLAnswerReader {
    static func outcome(_ response: ProbeResponse, _ probe: Probe) -> CheckOutcome {
        let status = response.status
        if status == 401 || status == 407 {
            return CheckOutcome(
                .denied, "\(probe.target) asks for credentials (\(status))",
                hint: "ImageBoss fetches without credentials: make the origin public, or use a storage source type",
                field: "url")
        }
        let note =
            (200..<400).contains(status) ? "" : " (the base URL itself need not exist: images under it are fetched)"
        return CheckOutcome(.ok, "\(probe.target) answered \(status)\(note)", field: "url")
    }
}
