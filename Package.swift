// swift-tools-version: 6.1
import PackageDescription

/// `IBSOURCES_WARNINGS_AS_ERRORS=1` (set by `make test`, as CI runs it) makes every warning in
/// this package's own targets an error. The flag is ours alone: SwiftPM never passes a root
/// package's settings to its dependencies, whose warnings we cannot fix. Off by default, so a
/// newer compiler's new warning never stops a user's build.
let warningsAsErrors: [SwiftSetting] =
    Context.environment["IBSOURCES_WARNINGS_AS_ERRORS"] == "1" ? [.unsafeFlags(["-warnings-as-errors"])] : []

let swiftSettings: [SwiftSetting] =
    [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ] + warningsAsErrors

/// The readers, normaliser and validator run once per record of inputs with millions of
/// rows: in release builds, skip the dynamic exclusivity checks there (about 8% of
/// `validate`'s time, measured with perf; they check access overlap within a thread,
/// not thread safety).
let hotPathSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

let package = Package(
    name: "ibsources",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ibsources", targets: ["ibsources"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // AsyncHTTPClient's and Hummingbird's own foundation, named because the client runs on
        // an event loop of its own and coalesces a request's writes (SourcesAPI/Client).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(
            url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        // AsyncHTTPClient's TLS layer, named because the client adds the CAs of SSL_CERT_FILE to its
        // trust roots and tells an untrusted certificate apart from other failures (SourcesAPI).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        // Hummingbird's own foundation, named because the emulator uses their types directly
        // (HTTP fields and the HTTP1 channel in SourcesEmulator/Server, the service group that runs it).
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        .target(name: "SourcesCore", swiftSettings: swiftSettings + hotPathSettings),
        .target(
            name: "SourcesReaders", dependencies: ["SourcesCore", "CYAML", "CLibXML2"],
            swiftSettings: swiftSettings + hotPathSettings),
        // Pure: the Sources API's port (the `SourcesService` protocol, its errors and payloads), the
        // rate governor, retry policy and clocks. No networking: it is tested on a manual clock
        // and an in-memory service.
        .target(name: "SourcesAPI", dependencies: ["SourcesCore"], swiftSettings: swiftSettings),
        // The Sources API's adapter on AsyncHTTPClient: the client, its settings (endpoint, key,
        // proxy, trust roots) and the mapping of transport failures to `APIError`.
        .target(
            name: "SourcesHTTP",
            dependencies: [
                "SourcesAPI", "SourcesCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // Pure: planner, uploader, sessions, reports, backup, restore, rollback. It talks to the
        // API through the `SourcesService` port only, never to the HTTP client.
        .target(
            name: "SourcesMigration",
            dependencies: [
                "SourcesCore", "SourcesAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings),
        // Pure: the storage check's signer, probes and verdicts (no networking; the port is a protocol).
        .target(
            name: "StorageCheck",
            dependencies: ["SourcesCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        // The storage check's port on AsyncHTTPClient.
        .target(
            name: "StorageCheckHTTP",
            dependencies: [
                "StorageCheck",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "SourcesEmulator",
            dependencies: [
                "SourcesCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "ibsources",
            dependencies: [
                "SourcesCore", "SourcesReaders", "SourcesAPI", "SourcesHTTP", "SourcesMigration", "SourcesEmulator",
                "StorageCheck", "StorageCheckHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // What the test targets share (as argument-parser's ArgumentParserTestHelpers): temporary
        // directories, the package's paths, the built binary and its runner, child processes, the
        // emulator harness, loopback sockets, replayable random bytes.
        .target(
            name: "TestSupport",
            dependencies: [
                "SourcesCore", "SourcesAPI", "SourcesHTTP", "SourcesEmulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings),
        .testTarget(name: "SourcesCoreTests", dependencies: ["SourcesCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SourcesReadersTests", dependencies: ["SourcesReaders", "SourcesCore", "TestSupport"],
            exclude: ["YAML/libyaml-more-disagreements.txt"],
            swiftSettings: swiftSettings),
        // The pure flow control and payloads: on a manual clock and in memory, no socket.
        .testTarget(
            name: "SourcesAPITests",
            dependencies: ["SourcesAPI", "SourcesCore"],
            swiftSettings: swiftSettings),
        // The AsyncHTTPClient adapter on real sockets: the emulator, raw servers, proxies, TLS.
        .testTarget(
            name: "SourcesHTTPTests",
            dependencies: [
                "SourcesAPI", "SourcesHTTP", "SourcesEmulator", "SourcesCore", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SourcesMigrationTests",
            dependencies: [
                "SourcesMigration", "SourcesAPI", "SourcesHTTP", "SourcesEmulator", "SourcesReaders", "SourcesCore",
                "TestSupport",
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SourcesEmulatorTests",
            dependencies: [
                "SourcesEmulator", "SourcesCore", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "StorageCheckTests",
            dependencies: [
                "StorageCheck", "StorageCheckHTTP", "SourcesCore", "SourcesEmulator", "ibsources", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["Support/botocore_sign.py", "Support/moto_fixture.py"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ibsourcesTests", dependencies: ["ibsources", "SourcesCore", "SourcesMigration", "TestSupport"],
            swiftSettings: swiftSettings),
    ]
)
