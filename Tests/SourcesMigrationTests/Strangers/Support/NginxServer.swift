import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// nginx (Debian's `nginx-light`), started by a test with a configuration of its own in a
/// directory of its own: `nginx -p DIR -c DIR/nginx.conf -g 'daemon off; pid DIR/nginx.pid;'`,
/// its error and access logs in DIR, on a free loopback port. It needs no root (the port is
/// high); as root, its worker runs as root too, because the temporary directory it buffers
/// proxied bodies in belongs to the test's user.
final class NginxServer: Sendable {
    static let executable = "/usr/sbin/nginx"
    /// The echo module (openresty's echo-nginx-module), which Debian's nginx-light depends on.
    static let echoModule = "/usr/lib/nginx/modules/ngx_http_echo_module.so"

    let server: ChildProcess
    let port: Int
    let directory: String

    private init(server: ChildProcess, port: Int, directory: String) {
        self.server = server
        self.port = port
        self.directory = directory
    }

    /// The access log: `$msec $request_method $uri $status`, one request a line (see ``LimiterLog``).
    var accessLog: String { directory + "/access.log" }
    var errorLog: String { directory + "/error.log" }

    /// Starts nginx with `http` (the inside of its `http` block, given the port to listen on)
    /// and `main` (top-level directives, such as `load_module`). Retries on another port when
    /// the one picked was taken in the meantime.
    static func start(in directory: String, main: String = "", http: (Int) -> String) async throws -> NginxServer {
        try FileManager.default.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
        var lastFailure: (any Error)?
        for attempt in 1...3 {
            let port = try LoopbackSocket.freePort()
            let configuration = directory + "/nginx.conf"
            try Self.configuration(directory: directory, main: main, http: http(port))
                .write(toFile: configuration, atomically: true, encoding: .utf8)
            let pidFile = directory + "/nginx.pid"
            try? FileManager.default.removeItem(atPath: pidFile)
            let server = try ChildProcess(
                "nginx-\(attempt)", executable: executable,
                arguments: ["-p", directory + "/", "-c", configuration, "-g", "daemon off; pid \(pidFile);"],
                directory: directory)
            do {
                // nginx writes its pid file once it has opened its listening sockets.
                try await server.waitUntil { FileManager.default.fileExists(atPath: pidFile) }
                return NginxServer(server: server, port: port, directory: directory)
            } catch {
                await server.stop()
                lastFailure = error
                let log = (try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? ""
                guard (server.output + log).contains("Address already in use") else { throw error }
            }
        }
        throw lastFailure ?? ChildProcess.StartFailure(description: "nginx did not start")
    }

    /// The whole nginx.conf around `http`.
    private static func configuration(directory: String, main: String, http: String) -> String {
        // As root, nginx would run its worker as `nobody`, which cannot write the temporary
        // files of a proxied body in the test's directory; as anyone else it runs as that user.
        let user = geteuid() == 0 ? "user root;\n" : ""
        return """
            \(main)
            \(user)worker_processes 1;
            error_log \(directory)/error.log warn;
            events { worker_connections 512; }
            http {
                log_format limiter '$msec $request_method $uri $status';
                access_log \(directory)/access.log limiter;
                client_body_temp_path \(directory)/tmp/body;
                proxy_temp_path \(directory)/tmp/proxy;
                fastcgi_temp_path \(directory)/tmp/fastcgi;
                uwsgi_temp_path \(directory)/tmp/uwsgi;
                scgi_temp_path \(directory)/tmp/scgi;
            \(http)
            }

            """
    }

    func stop() async { await server.stop() }
}
