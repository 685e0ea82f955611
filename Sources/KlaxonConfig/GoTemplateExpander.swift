import KlaxonModel
public import KlaxonRules
public import KlaxonTemplate
import Synchronization

/// Expands alert labels and annotations with Go's `text/template` (KlaxonTemplate) exactly as Prometheus's
/// `AlertingRule.Eval` does: the text is prefixed with
/// `{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}`,
/// the template is named `__alert_<alert name>`, and a failure reads `error executing template __alert_X: …`
/// (which the rule turns into `<error expanding template: …>`).
///
/// Parsed templates are cached per (alert, text). The `query` template function uses `querier`; without one
/// it fails, as Prometheus's does without a query function.
public final class GoTemplateExpander: AlertTemplateExpander {
    private let querier: (any TemplateQuerier)?
    private let externalURL: TemplateExternalURL?
    private let functions: TemplateFunctions
    private let cache = Mutex<[String: AlertTemplate]>([:])

    /// - Parameters:
    ///   - querier: runs the `query` template function.
    ///   - externalURL: what `externalURL` and `pathPrefix` return; nil makes them fail with Go's nil-pointer
    ///     error, as in `promtool test rules` (the `$externalURL` variable is set from the context either way).
    public init(
        querier: (any TemplateQuerier)? = nil, externalURL: TemplateExternalURL? = nil,
        functions: TemplateFunctions = .prometheus
    ) {
        self.querier = querier
        self.externalURL = externalURL
        self.functions = functions
    }

    public func expand(_ text: String, context: AlertTemplateContext) async throws -> String {
        // Prometheus expands every label and annotation, even one without any action.
        let template = parsed(text, alertName: context.alertName)
        let data = AlertTemplateData(
            labels: context.labels, externalLabels: context.externalLabels, externalURL: context.externalURL,
            value: context.value)
        let environment = TemplateContext(time: context.evaluationTime, querier: querier, externalURL: externalURL)
        switch template.expand(data, context: environment) {
        case .success(let text): return text
        case .failure(let error): throw error
        }
    }

    /// Checks that `text` parses as a template (the name in messages is `__alert_`, without the alert's name).
    public func validate(_ text: String) throws {
        if let error = Self.parseProblem(text, alertName: "")?.error { throw error }
    }

    /// Prometheus's `ParseTest` of one label or annotation of alert `alertName`: Go's error text
    /// (`template: __alert_X:1: function "foo" not defined`) and where in `text` it is, or nil when it parses.
    public static func parseProblem(_ text: String, alertName: String) -> (error: TemplateError, offset: Int?)? {
        let template = AlertTemplate(text, alertName: alertName)
        guard let error = template.parseError else { return nil }
        return (error, template.parseErrorOffsetInText)
    }

    private func parsed(_ text: String, alertName: String) -> AlertTemplate {
        let key = alertName + "\u{0}" + text
        if let hit = cache.withLock({ $0[key] }) { return hit }
        let template = AlertTemplate(text, alertName: alertName, functions: functions)
        cache.withLock { $0[key] = template }
        return template
    }
}
