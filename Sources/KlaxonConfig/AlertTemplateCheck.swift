import KlaxonTemplate

/// Template syntax checks of alerting rules' labels and annotations (Prometheus's `testTemplateParsing`).
enum AlertTemplateCheck {
    /// A template that does not parse: Prometheus's message and, when known, the UTF-8 offset in the text.
    struct Problem {
        var message: String
        var offset: Int?
    }

    /// The parse problem of `text` as a template of alert `alertName`, or nil when it parses.
    static func problem(in text: String, alertName: String) -> Problem? {
        guard let (error, offset) = GoTemplateExpander.parseProblem(text, alertName: alertName) else { return nil }
        return Problem(message: error.message, offset: offset)
    }
}
