import Foundation
import TestSupport

/// nginx with the echo module (openresty's echo-nginx-module, Debian's
/// `libnginx-mod-http-echo`, which nginx-light depends on) as a debugging gateway that refuses
/// every create by echoing the request back: the kind of server issue 12 (item 5) met. It
/// lists an empty account (`[]`) so that `import` plans creates, and answers each `POST` in
/// one of these ways, by the path's first segment:
/// - `json`: 422, `application/json`, `{"errors": [<the request body>]}`: the API's error shape,
///   with the whole request (the record's secrets) as its one "message";
/// - `text`: 422, `text/plain`, `Unprocessable Entity: <the request body>`;
/// - `headers`: 400, `text/plain`, the request's header lines (the API key among them), then its body;
/// - `slow-json`: as `json`, a third of a second later (so that a run can be killed midway).
final class EchoingGateway: Sendable {
    let nginx: NginxServer

    private init(nginx: NginxServer) { self.nginx = nginx }

    static func start(in directory: String) async throws -> EchoingGateway {
        let emptyListing = "if ($request_method = GET) { return 200 '[]'; }"
        let nginx = try await NginxServer.start(in: directory, main: "load_module \(NginxServer.echoModule);") { port in
            """
                server {
                    listen 127.0.0.1:\(port);
                    default_type application/json;
                    location = /json/v1/sources {
                        \(emptyListing)
                        echo_read_request_body;
                        echo_status 422;
                        echo '{"errors": [$request_body]}';
                    }
                    location = /slow-json/v1/sources {
                        \(emptyListing)
                        echo_read_request_body;
                        echo_status 422;
                        echo_sleep 0.3;
                        echo '{"errors": [$request_body]}';
                    }
                    location = /text/v1/sources {
                        \(emptyListing)
                        default_type text/plain;
                        echo_read_request_body;
                        echo_status 422;
                        echo "Unprocessable Entity: $request_body";
                    }
                    location = /headers/v1/sources {
                        \(emptyListing)
                        default_type text/plain;
                        echo_read_request_body;
                        echo_status 400;
                        echo -n $echo_client_request_headers;
                        echo $request_body;
                    }
                }
            """
        }
        return EchoingGateway(nginx: nginx)
    }

    /// The API's base URL for the echo `style` (`json`, `text`, `headers`, `slow-json`).
    func endpoint(_ style: String) -> String { "http://127.0.0.1:\(nginx.port)/\(style)/v1" }

    /// What the gateway answers to a create of `body` with the API key `key` (with curl): the
    /// proof that it does echo.
    func answer(_ style: String, body: String, key: String) throws -> String {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = [
            "-s", "-i", "--max-time", "10", "-X", "POST", "-H", "imageboss-api-key: \(key)", "-H",
            "content-type: application/json", "--data-binary", body, endpoint(style) + "/sources",
        ]
        let pipe = Pipe()
        curl.standardOutput = pipe
        try curl.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        curl.waitUntilExit()
        return output
    }

    func stop() async { await nginx.stop() }
}
