import Foundation
import TestSupport
import Testing

/// `convert` writes `${NAME}` references back as they were (issue 11, item 6).
@Suite(.serialized) struct ConvertCommandTests {
    static let secret = "+gcs-Secret/Value=="
    static let environment = ["GCS_SECRET": secret, "S3_SECRET": "s3-secret-value"]

    /// An ops-style YAML file that keeps its secrets in the environment.
    static let yaml = """
        sources:
          - source: press-kit
            source_type: gcs
            credentials:
              access_key: GOOGEXAMPLE
              secret: ${GCS_SECRET}
              bucket: "press-$${not-a-variable}"
          - source: shop-images
            source_type: s3
            credentials:
              access_key_id: AKIAEXAMPLE
              secret_access_key: "${S3_SECRET}"
              bucket: shop
              region: us-east-1
              require_token: "true"

        """

    private func directory() throws -> URL {
        let url = try TemporaryDirectory(prefix: "ibsources-convert").url
        return url
    }

    @Test(arguments: ["json", "yaml", "csv", "xml"])
    func referencesAreWrittenBackAndReadBackToTheSameRecords(format: String) throws {
        let dir = try directory()
        let input = dir.appendingPathComponent("ops.yaml").path
        try Data(Self.yaml.utf8).write(to: URL(fileURLWithPath: input))
        let converted = try CLI.runWithDemoSecrets(["convert", input, "--to", format], environment: Self.environment)
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(converted.stdout.contains("${GCS_SECRET}"))
        #expect(converted.stdout.contains("${S3_SECRET}"))
        #expect(converted.stdout.contains("$${not-a-variable}"))
        #expect(!converted.stdout.contains(Self.secret))
        #expect(!converted.stdout.contains("s3-secret-value"))
        // Read back (variables expanded), the output is the input.
        let output = dir.appendingPathComponent("out.\(format)").path
        try Data(converted.stdout.utf8).write(to: URL(fileURLWithPath: output))
        let original = try CLI.runWithDemoSecrets(
            ["convert", input, "--to", "json", "--expand-variables"], environment: Self.environment)
        let roundTrip = try CLI.runWithDemoSecrets(
            ["convert", output, "--to", "json", "--expand-variables"], environment: Self.environment)
        #expect(original.status == 0 && roundTrip.status == 0, "\(roundTrip.stderr)")
        #expect(original.stdout.contains(Self.secret))
        #expect(original.stdout.contains("\"press-$${not-a-variable}\""))
        // The same sources (a CSV's columns may order the credentials differently).
        func sources(_ json: String) throws -> NSArray {
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            return try #require(object?["sources"] as? NSArray)
        }
        #expect(try sources(roundTrip.stdout).isEqual(to: sources(original.stdout) as! [Any]))
    }

    @Test func expandVariablesWritesTheValuesAndAnUnsetVariableIsKeptWithoutIt() throws {
        let dir = try directory()
        let input = dir.appendingPathComponent("ops.yaml").path
        try Data(Self.yaml.utf8).write(to: URL(fileURLWithPath: input))
        let expanded = try CLI.runWithDemoSecrets(
            ["convert", input, "--to", "csv", "--expand-variables"], environment: Self.environment)
        #expect(expanded.status == 0)
        #expect(expanded.stdout.contains(Self.secret))
        #expect(!expanded.stdout.contains("${GCS_SECRET}"))
        // Without the variables set: the references are still written; expanding them is an error.
        let unset = try CLI.runWithDemoSecrets(["convert", input, "--to", "yaml"], environment: [:])
        #expect(unset.status == 0, "\(unset.stderr)")
        #expect(unset.stdout.contains("\"${GCS_SECRET}\""))
        let unsetExpanded = try CLI.runWithDemoSecrets(
            ["convert", input, "--to", "yaml", "--expand-variables"], environment: [:])
        #expect(unsetExpanded.status == 1)
        #expect(unsetExpanded.stderr.contains("undefined-variable"))
    }
}
