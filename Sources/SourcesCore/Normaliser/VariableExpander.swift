/// Replaces `${NAME}` in a value by the environment variable NAME.
///
/// `$${` writes a literal `${`; a `$` not followed by `{` is kept as it is.
public enum VariableExpander {
    /// A variable the value uses that the environment does not set.
    public struct MissingVariable: Error, Equatable {
        /// The variable's name.
        public var name: String
    }

    /// `value` with every `${NAME}` replaced, or the first variable that is not set.
    public static func expand(_ value: String, environment: [String: String]) -> Result<String, MissingVariable> {
        var out = ""
        var rest = Substring(value)
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.hasPrefix("${") {
                out += "${"
                rest = after.dropFirst(2)
            } else if after.hasPrefix("{"), let close = after.firstIndex(of: "}") {
                let name = String(after[after.index(after: after.startIndex)..<close])
                guard let replacement = environment[name] else { return .failure(MissingVariable(name: name)) }
                out += replacement
                rest = after[after.index(after: close)...]
            } else {
                out += "$"
                rest = after
            }
        }
        out += rest
        return .success(out)
    }
}
