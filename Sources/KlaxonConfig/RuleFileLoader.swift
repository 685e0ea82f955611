public import KlaxonModel
public import KlaxonRules
public import KlaxonYAML

/// Loads Prometheus rule files into `RuleGroupSpec`s with promtool's strictness and wording, plus precise
/// Klaxon diagnostics:
///
/// ```swift
/// let file = RuleFileLoader().load(path: "rules/api.yaml")
/// for diagnostic in file.diagnostics { print(diagnostic) }  // rules/api.yaml:14:14: error: … [rules.invalid-expr]
/// for line in file.promtoolErrors { print(line) }           // rules/api.yaml: 14:11: group "api", rule 2, …
/// ```
/// Checks: YAML syntax; unknown keys (unless `ignoreUnknownFields`), duplicate keys and wrong types, as yaml.v3
/// reports them; everything `RuleValidation` checks; template syntax of alerting rules. PromQL and template
/// errors point at the offending character inside the expression, mapped through `ScalarSourceMap`.
public struct RuleFileLoader: Sendable {
    /// How strict to be.
    public struct Options: Sendable {
        /// promtool's `--ignore-unknown-fields`.
        public var ignoreUnknownFields: Bool
        /// Which metric and label names are valid (Prometheus 3.x: UTF-8).
        public var nameValidation: NameValidationScheme
        /// Bounds on the YAML input.
        public var limits: YAMLLimits

        public init(
            ignoreUnknownFields: Bool = false, nameValidation: NameValidationScheme = .utf8,
            limits: YAMLLimits = .default
        ) {
            self.ignoreUnknownFields = ignoreUnknownFields
            self.nameValidation = nameValidation
            self.limits = limits
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Reads and loads one file. A read failure is one error (`open f: no such file or directory`).
    public func load(path: String) -> RuleFile {
        let bytes: [UInt8]
        do {
            bytes = try SourceFile.read(path)
        } catch {
            let diagnostic = Diagnostic(
                .error, code: "file.unreadable", message: error.description,
                span: SourceSpan(file: path, start: SourcePosition(line: 1, column: 1)))
            return RuleFile(path: path, diagnostics: [diagnostic], promtoolErrors: ["\(path): \(error)"])
        }
        return load(bytes, path: path)
    }

    /// Loads a file's contents; `path` names it in messages.
    public func load(_ text: String, path: String) -> RuleFile { load(Array(text.utf8), path: path) }

    /// Loads a file's contents; `path` names it in messages.
    public func load(_ bytes: [UInt8], path: String) -> RuleFile {
        var file = RuleFile(path: path, text: bytes)
        let root: YAMLNode?
        do {
            root = try YAML.parse(bytes, file: path, limits: options.limits)
        } catch {
            // Prometheus decodes twice (strict, then for positions); both fail alike on a syntax error.
            let message = "\(path): \(error.goMessage(for: .goYAMLv3))"
            file.promtoolErrors = [message, message]
            file.diagnostics = [error.diagnostic]
            return file
        }
        file.warnings = secondDocumentWarning(bytes, path: path)

        let strict = RuleFileDecoder(allowsUnknownKeys: options.ignoreUnknownFields, nodePass: false)
        let (groups, sources) = strict.decode(root, file: path)
        let positions = RuleFileDecoder(allowsUnknownKeys: true, nodePass: true)
        _ = positions.decode(root, file: path)
        for message in [strict.promtoolMessage, positions.promtoolMessage].compactMap({ $0 }) {
            file.promtoolErrors.append("\(path): \(message)")
        }
        file.groups = groups
        file.sources = sources
        if strict.context.hasErrors || positions.context.hasErrors {
            file.diagnostics = strict.context.diagnostics
            if file.diagnostics.isEmpty { file.diagnostics = positions.context.diagnostics }
            return file
        }
        let validator = RuleFileValidator(scheme: options.nameValidation)
        let problems = validator.validate(groups, sources: sources)
        file.diagnostics = problems.map(\.diagnostic).sortedByPosition()
        file.promtoolErrors = problems.map { "\(path): \($0.promtoolText)" }
        return file
    }

    /// Expands glob patterns (Go's `filepath.Glob`) and loads every match, in order. A pattern that matches
    /// nothing gives a warning, a malformed pattern an error.
    public func load(patterns: [String]) -> (files: [RuleFile], problems: [Diagnostic]) {
        var files: [RuleFile] = []
        var problems: [Diagnostic] = []
        for pattern in patterns {
            let start = SourceSpan(file: pattern, start: SourcePosition(line: 1, column: 1))
            do {
                let matches = try FileGlob.expand(pattern)
                if matches.isEmpty {
                    problems.append(
                        Diagnostic(
                            .warning, code: "file.no-match", message: "no file match pattern \(pattern)", span: start))
                }
                files += matches.map { load(path: $0) }
            } catch {
                problems.append(Diagnostic(.error, code: "file.bad-pattern", message: error.description, span: start))
            }
        }
        return (files, problems)
    }

    /// Prometheus reads only the first document and logs a warning when there is another one.
    private func secondDocumentWarning(_ bytes: [UInt8], path: String) -> [Diagnostic] {
        // Cheap pre-check: another document needs a `---` or `...` marker somewhere.
        guard bytes.count >= 3, Self.containsDocumentMarker(bytes) else { return [] }
        var position: SourcePosition?
        do {
            let documents = try YAML.parseAll(bytes, file: path, limits: options.limits)
            if documents.count > 1 { position = documents[1].start }
        } catch {
            position = error.position  // the first document parsed, so the error is in a later one
        }
        guard let position else { return [] }
        return [
            Diagnostic(
                .warning, code: "rules.multiple-documents",
                message: "multiple document yaml rules files are not supported, only the first document is processed",
                span: SourceSpan(file: path, start: position))
        ]
    }

    private static func containsDocumentMarker(_ bytes: [UInt8]) -> Bool {
        var lineStart = true
        var i = 0
        while i + 2 < bytes.count {
            let b = bytes[i]
            if lineStart && (b == UInt8(ascii: "-") || b == UInt8(ascii: ".")) && bytes[i + 1] == b && bytes[i + 2] == b
            {
                return true
            }
            lineStart = b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")
            i += 1
        }
        return false
    }
}

extension Array where Element == Diagnostic {
    /// Sorted by file, then position; the original order breaks ties.
    public func sortedByPosition() -> [Diagnostic] {
        enumerated().sorted { a, b in
            if a.element.span.file != b.element.span.file { return a.element.span.file < b.element.span.file }
            if a.element.span.start != b.element.span.start { return a.element.span.start < b.element.span.start }
            return a.offset < b.offset
        }.map(\.element)
    }
}
