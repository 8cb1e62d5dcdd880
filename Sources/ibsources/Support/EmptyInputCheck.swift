import SourcesCore

/// The `empty-input` check of every command that reads inputs (`validate`, `convert`, `plan`,
/// `import`, `restore`, `delete --from`).
///
/// An input that holds no records (an empty file, a CSV header alone, `[]`, `sources: []`) is
/// almost always a mistake: a truncated download, the wrong file, an export that failed. Read
/// as "nothing to do" it looks like success, and a `restore --prune` of it would delete the
/// whole account. So it is an error (exit 2) unless `--allow-empty` says it is intended.
enum EmptyInputCheck {
    /// The inputs among `inputs` that no record came from, given the files the records name.
    static func empty(_ inputs: [InputSource], recordFiles: Set<String>) -> [InputSource] {
        inputs.filter { !recordFiles.contains($0.displayName) }
    }

    /// The error for `input`, located at its start.
    static func diagnostic(for input: InputSource) -> Diagnostic {
        Diagnostic(
            .error, .emptyInput,
            "the input holds no records (an empty file, a header alone or an empty list): check that it is the file "
                + "you meant; pass --allow-empty if an empty input is intended",
            location: SourceLocation(file: input.displayName, line: 1, column: 1))
    }

    /// The one-line reason a command gives for stopping.
    static func message(_ empty: [InputSource]) -> String {
        let names = empty.map(\.displayName).joined(separator: ", ")
        return "\(names) \(empty.count == 1 ? "holds" : "hold") no records (empty-input; --allow-empty accepts that)"
    }
}
