import Foundation
import SourcesCore
import Testing

@testable import SourcesAPI

@Suite struct SecretRedactorTests {
    @Test func everySpellingOfASecretBecomesTheAPIsMark() {
        let redactor = SecretRedactor(
            apiKey: APIKey("api-key-123"),
            credentials: ["secret_access_key": "wJalr/K7+x=", "bucket": "public-bucket", "secret_token": "tok"])
        let echo =
            #"body {"secret_access_key":"wJalr\/K7+x=","bucket":"public-bucket"} raw wJalr/K7+x= "#
            + "form wJalr%2FK7%2Bx%3D lower wJalr%2fK7%2bx%3d header imageboss-api-key: api-key-123 token tok"
        let redacted = redactor.redact(echo)
        for secret in ["wJalr", "api-key-123", " tok"] { #expect(!redacted.contains(secret), "\(redacted)") }
        #expect(redacted.contains("public-bucket"))
        #expect(redacted.contains(#""secret_access_key":"****""#))
    }

    @Test func messagesAreBoundedAfterRedaction() {
        let redactor = SecretRedactor(secrets: ["SECRET"])
        let long = String(repeating: "a", count: 498) + "SECRET" + String(repeating: "b", count: 1000)
        let cut = redactor.redact(long)
        #expect(cut.hasPrefix(String(repeating: "a", count: 498) + "**"))
        #expect(!cut.contains("SEC"))
        #expect(cut.contains("more characters"))
        let many = redactor.redact(Array(repeating: "m", count: 50))
        #expect(many.count == SecretRedactor.maximumMessages + 1)
        #expect(many.last?.contains("30 more messages") == true)
    }

    @Test func anErrorKeepsItsKindAndStatus() {
        let redactor = SecretRedactor(secrets: ["k3y"])
        let error = redactor.redact(APIError.http(status: 422, messages: ["bad k3y"], rateLimit: RateLimitHeaders()))
        #expect(error == .http(status: 422, messages: ["bad ****"], rateLimit: RateLimitHeaders()))
        #expect(
            redactor.redact(APIError.invalidResponse(status: 400, detail: "x k3y"))
                == .invalidResponse(status: 400, detail: "x ****"))
    }
}
