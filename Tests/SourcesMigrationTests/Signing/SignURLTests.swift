import Foundation
import SourcesAPI
import SourcesCore
import SourcesEmulator
import SourcesMigration
import TestSupport
import Testing

@Suite struct URLSignerTests {
    @Test func matchesTheImageBossCheckValues() {
        // imageboss-rb ≥ 2.1.1 spec: the query is part of the signed path.
        #expect(
            URLSigner.token(for: "/myassets/width/100/assets/img01.jpg?existing=oh", secretToken: "abc")
                == "92812e6cffe821d7c30a21b5fbddc8ce095f7607d213e12f30369597a18c5ef0")
        #expect(
            URLSigner.token(for: "/myassets/width/100/assets/img01.jpg", secretToken: "abc")
                == "9c7aa014f1d80350544bb01843dbb75f4a902ede1ca1932e5cf984d1ed3d8b0a")
    }

    @Test func buildsTheFullURLWithBossTokenAppended() {
        #expect(
            URLSigner.signedURL(for: "/myassets/width/100/assets/img01.jpg?existing=oh", secretToken: "abc")
                == "https://img.imageboss.me/myassets/width/100/assets/img01.jpg?existing=oh&bossToken="
                + "92812e6cffe821d7c30a21b5fbddc8ce095f7607d213e12f30369597a18c5ef0")
        #expect(
            URLSigner.signedURL(for: "myassets/width/100/assets/img01.jpg", secretToken: "abc")
                .hasSuffix(
                    "/myassets/width/100/assets/img01.jpg?bossToken=9c7aa014f1d80350544bb01843dbb75f4a902ede1ca1932e5cf984d1ed3d8b0a"
                ))
        #expect(
            URLSigner.signingPath("https://img.imageboss.me/myassets/cover/10x10/a.png")
                == "/myassets/cover/10x10/a.png")
    }

    @Test func takesTheSourceFromThePathsFirstSegment() throws {
        #expect(URLSigner.sourceName(of: "/shop-images/width/500/a.jpg") == "shop-images")
        #expect(URLSigner.sourceName(of: "/shop-images?x=1") == "shop-images")
        #expect(URLSigner.sourceName(of: "/") == nil)
        #expect(try SigningKeyResolver.sourceName(path: "/a/b.jpg", source: "other") == "other")
        #expect(throws: SigningKeyFailure.noSourceName) { try SigningKeyResolver.sourceName(path: "/", source: nil) }
        let sources = [
            Source(name: "a", type: "url", credentials: ["url": "https://x.example.com", "secret_token": "t0k3n"])
        ]
        #expect(try SigningKeyResolver.token(of: "a", in: sources) == "t0k3n")
        #expect(throws: SigningKeyFailure.unknownSource("b")) { try SigningKeyResolver.token(of: "b", in: sources) }
        #expect(SigningKeyResolver.fromEnvironment(["IMAGEBOSS_SECRET_TOKEN": " abc\n"]) == "abc")
        #expect(SigningKeyResolver.fromEnvironment(["IMAGEBOSS_SECRET_TOKEN": ""]) == nil)
    }
}

/// `sign-url` as the built binary runs it, with the token read from the account on a real socket.
@Suite(.serialized) struct SignURLEndToEndTests {
    @Test func signsWithTheSourcesTokenFromTheAccountOrTheEnvironment() async throws {
        try await AccountPair.with { pair in
            let account = try await pair.seed(RestoreFixtures.sources(), name: "seed")
            let shopToken = try #require(account.first { $0.name == "shop-images" }?.credentials["secret_token"])
            let legacyToken = try #require(account.first { $0.name == "legacy-site" }?.credentials["secret_token"])
            let path = "/shop-images/width/100/assets/img01.jpg?existing=oh"

            let fromAccount = try await pair.run(["sign-url", path], output: "sign1.out")
            #expect(fromAccount.status == 0, "\(fromAccount.output)")
            #expect(fromAccount.output == URLSigner.signedURL(for: path, secretToken: shopToken) + "\n")

            let bySource = try await pair.run(["sign-url", "/x/a.jpg", "--source", "legacy-site"], output: "sign2.out")
            #expect(
                bySource.output == "https://img.imageboss.me/x/a.jpg?bossToken="
                    + URLSigner.token(for: "/x/a.jpg", secretToken: legacyToken) + "\n")

            let fromEnvironment = try await pair.run(
                ["sign-url", "/myassets/width/100/assets/img01.jpg?existing=oh"],
                environment: ["IMAGEBOSS_SECRET_TOKEN": "abc"], output: "sign3.out")
            #expect(
                fromEnvironment.output == "https://img.imageboss.me/myassets/width/100/assets/img01.jpg?existing=oh"
                    + "&bossToken=92812e6cffe821d7c30a21b5fbddc8ce095f7607d213e12f30369597a18c5ef0\n")

            let unknown = try await pair.run(["sign-url", "/nope/a.jpg"], output: "sign4.out")
            #expect(unknown.status == 2)
            #expect(unknown.output.contains("no source named 'nope'"))

            for (name, text) in try pair.files() where name.hasPrefix("sign") {
                #expect(!text.contains(shopToken) && !text.contains(legacyToken), "\(name) shows a secret_token")
                #expect(!text.contains(EmulatorHarness.key), "\(name) shows the API key")
            }
        }
    }
}
