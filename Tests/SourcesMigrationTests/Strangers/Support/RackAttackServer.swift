import Foundation
import TestSupport

/// A Rails-style API front: Rack::Attack (Debian's `ruby-rack-attack`, its store
/// ActiveSupport's MemoryStore, since Rack::Attack 6 ships no store of its own) in a tiny Rack
/// app on WEBrick (`ruby-webrick`) that forwards every request it lets through to an upstream
/// with Net::HTTP: method, path, headers (the API key included), body; and passes back the
/// upstream's status, headers and body. The throttle answers with Rack::Attack's default
/// responder, untouched. WEBrick's own access log records each request.
final class RackAttackServer: Sendable {
    static let executable = "/usr/bin/ruby"

    let server: ChildProcess
    let port: Int
    let directory: String

    private init(server: ChildProcess, port: Int, directory: String) {
        self.server = server
        self.port = port
        self.directory = directory
    }

    var accessLog: String { directory + "/access.log" }

    static func start(in directory: String, upstream: String, limit: Int, period: Int) async throws -> RackAttackServer
    {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try configRU.write(toFile: directory + "/config.ru", atomically: true, encoding: .utf8)
        try serverRB.write(toFile: directory + "/server.rb", atomically: true, encoding: .utf8)
        let server = try ChildProcess(
            "rack", executable: executable, arguments: [directory + "/server.rb"],
            environment: ["UPSTREAM": upstream, "LIMIT": "\(limit)", "PERIOD": "\(period)"], directory: directory)
        do {
            let port = try await server.waitForPortFile(directory + "/rack.port")
            return RackAttackServer(server: server, port: port, directory: directory)
        } catch {
            await server.stop()
            throw error
        }
    }

    func stop() async { await server.stop() }

    /// The Rack app: Rack::Attack's throttle in front of a forwarder.
    static let configRU = #"""
        require 'net/http'
        require 'active_support'
        require 'active_support/cache'
        require 'rack/attack'

        UPSTREAM = URI(ENV.fetch('UPSTREAM'))

        Rack::Attack.cache.store = ActiveSupport::Cache::MemoryStore.new
        # Per account, as an API throttles: the key when there is one, else the address.
        Rack::Attack.throttle('api', limit: Integer(ENV.fetch('LIMIT')), period: Integer(ENV.fetch('PERIOD'))) do |request|
          request.get_header('HTTP_IMAGEBOSS_API_KEY') || request.ip
        end

        # Forwards a request to UPSTREAM on a kept-alive connection of the serving thread.
        class Forward
          HOP_BY_HOP = %w[connection keep-alive proxy-connection transfer-encoding te trailer upgrade
                          content-length host].freeze

          def call(env)
            request = Rack::Request.new(env)
            headers = {}
            env.each do |name, value|
              next unless name.start_with?('HTTP_')
              header = name.delete_prefix('HTTP_').downcase.tr('_', '-')
              headers[header] = value unless HOP_BY_HOP.include?(header)
            end
            headers['content-type'] = env['CONTENT_TYPE'] if env['CONTENT_TYPE']
            body = request.body&.read
            forwarded = Net::HTTPGenericRequest.new(
              request.request_method, !(body.nil? || body.empty?), request.request_method != 'HEAD', request.fullpath,
              headers)
            forwarded.body = body unless body.nil? || body.empty?
            response = send_upstream(forwarded)
            out = {}
            response.each_header { |name, value| out[name] = value unless HOP_BY_HOP.include?(name) }
            [response.code.to_i, out, [response.body.to_s]]
          end

          private

          def send_upstream(forwarded)
            attempts = 0
            begin
              connection = (Thread.current[:upstream] ||= Net::HTTP.start(UPSTREAM.host, UPSTREAM.port))
              connection.request(forwarded)
            rescue IOError, EOFError, SystemCallError
              # A kept-alive connection the upstream closed: open another once.
              Thread.current[:upstream] = nil
              attempts += 1
              retry if attempts < 2
              raise
            end
          end
        end

        use Rack::Attack
        run Forward.new
        """#

    /// WEBrick on a loopback port of the system's choosing, written to `rack.port` once listening.
    static let serverRB = #"""
        require 'rack'
        require 'rack/handler/webrick'
        require 'webrick'

        dir = __dir__
        app, = Rack::Builder.parse_file(File.join(dir, 'config.ru'))
        log = File.open(File.join(dir, 'access.log'), 'a')
        log.sync = true
        server = WEBrick::HTTPServer.new(
          BindAddress: '127.0.0.1', Port: 0, MaxClients: 256,
          Logger: WEBrick::Log.new(File.join(dir, 'webrick.log'), WEBrick::BasicLog::WARN),
          AccessLog: [[log, '%{%s.%L}t %m %U %s']])
        server.mount '/', Rack::Handler::WEBrick, app
        port_file = File.join(dir, 'rack.port')
        File.write(port_file + '.tmp', "#{server.listeners.first.addr[1]}\n")
        File.rename(port_file + '.tmp', port_file)
        %w[TERM INT].each { |signal| trap(signal) { server.shutdown } }
        server.start
        """#
}
