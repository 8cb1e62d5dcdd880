import Foundation
import TestSupport

/// The curl examples and JSON documents of the API description in
/// `../shared/seed/sources-api.txt`, read as they are written there.
struct SeedExamples {
    /// One curl command of the seed.
    struct Curl {
        var method: String
        var url: String
        var headers: [(String, String)]
        var body: String?

        /// The path of the URL (`/v1/sources/<SOURCE_ID>`).
        var path: String {
            guard let range = url.range(of: "://") else { return url }
            let rest = url[range.upperBound...]
            return rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
        }
    }

    var curls: [Curl] = []
    /// Top-level JSON documents shown as responses (list, created source, errors), in order.
    var documents: [Any] = []

    static var seedURL: URL { PackagePaths.seed }

    static func load() throws -> SeedExamples {
        let text = try String(contentsOf: seedURL, encoding: .utf8)
        var examples = SeedExamples()
        examples.curls = curlCommands(in: text).compactMap(parse)
        examples.documents = try jsonDocuments(in: text)
        return examples
    }

    /// The text of each `curl` command: from `curl` to the first newline outside
    /// quotes that is not escaped by a backslash.
    static func curlCommands(in text: String) -> [[String]] {
        var commands: [[String]] = []
        var searchStart = text.startIndex
        while let start = text.range(of: "curl \\", range: searchStart..<text.endIndex) {
            var tokens: [String] = []
            var current = ""
            var inQuote = false
            var hasToken = false
            var index = start.lowerBound
            loop: while index < text.endIndex {
                let c = text[index]
                if inQuote {
                    if c == "'" { inQuote = false } else { current.append(c) }
                } else if c == "'" {
                    inQuote = true
                    hasToken = true
                } else if c == "\\", text.index(after: index) < text.endIndex, text[text.index(after: index)] == "\n" {
                    index = text.index(after: index)
                } else if c == "\n" {
                    break loop
                } else if c == " " || c == "\t" {
                    if hasToken { tokens.append(current) }
                    current = ""
                    hasToken = false
                } else {
                    current.append(c)
                    hasToken = true
                }
                index = text.index(after: index)
            }
            if hasToken { tokens.append(current) }
            commands.append(tokens)
            searchStart = index
        }
        return commands
    }

    static func parse(_ tokens: [String]) -> Curl? {
        var curl = Curl(method: "GET", url: "", headers: [], body: nil)
        var i = 1
        while i < tokens.count {
            let token = tokens[i]
            let next = i + 1 < tokens.count ? tokens[i + 1] : ""
            switch token {
            case "--request", "-X": curl.method = next; i += 1
            case "--header", "-H":
                if let colon = next.firstIndex(of: ":") {
                    let value = next[next.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    curl.headers.append((String(next[..<colon]), value))
                }
                i += 1
            case "--data-raw", "--data", "-d": curl.body = next; i += 1
            default: if token.hasPrefix("http") { curl.url = token }
            }
            i += 1
        }
        return curl.url.isEmpty ? nil : curl
    }

    /// JSON documents that start on a line holding only `[` or `{`.
    static func jsonDocuments(in text: String) throws -> [Any] {
        var documents: [Any] = []
        let lines = text.components(separatedBy: "\n")
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard line == "[" || line == "{" else {
                i += 1
                continue
            }
            var depth = 0
            var collected: [String] = []
            var j = i
            repeat {
                let current = lines[j]
                collected.append(current)
                depth += current.filter { $0 == "[" || $0 == "{" }.count
                depth -= current.filter { $0 == "]" || $0 == "}" }.count
                j += 1
            } while depth > 0 && j < lines.count
            var json = collected.joined(separator: "\n")
            // The last document runs on into prose (`{}.`): keep the balanced part only.
            if let end = json.lastIndex(where: { $0 == "]" || $0 == "}" }) { json = String(json[...end]) }
            documents.append(try JSONSerialization.jsonObject(with: Data(json.utf8)))
            i = j
        }
        return documents
    }
}
