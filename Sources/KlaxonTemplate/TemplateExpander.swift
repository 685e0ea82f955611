/// Why Prometheus's `Expander.Expand` failed: `error parsing template NAME: …` or
/// `error executing template NAME: …`, wrapping Go's own error text.
public struct TemplateExpansionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var templateName: String
    public var underlying: TemplateError

    public init(templateName: String, underlying: TemplateError) {
        self.templateName = templateName
        self.underlying = underlying
    }

    public var description: String {
        switch underlying.kind {
        case .parse: "error parsing template \(templateName): \(underlying.message)"
        case .execution: "error executing template \(templateName): \(underlying.message)"
        }
    }
}

/// Prometheus's `template.Expander` for text mode: parses and executes in one step, with `missingkey=zero`.
public enum TemplateExpander {
    /// `NewTemplateExpander(…).Expand()`.
    public static func expand(
        _ text: String, name: String, data: TemplateValue, context: TemplateContext,
        functions: TemplateFunctions = .prometheus, missingKey: Template.MissingKey = .zero
    ) -> Result<String, TemplateExpansionError> {
        do throws(TemplateError) {
            let template = try Template.parse(text, name: name, functions: functions, missingKey: missingKey)
            return .success(try template.execute(data, context: context))
        } catch {
            return .failure(TemplateExpansionError(templateName: name, underlying: error))
        }
    }
}

/// One alert label or annotation template, parsed once at rule-load time and expanded for every alert
/// instance, exactly as Prometheus's `AlertingRule.Eval` expands it: the text is prefixed with
/// `{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}`
/// and named `__alert_<AlertName>`, so error positions count from the start of that prefix, as in Prometheus.
public struct AlertTemplate: Sendable {
    /// The variable definitions Prometheus prepends to every alert template.
    public static let definitions =
        "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}"

    /// The template as written in the rule file.
    public let text: String
    public let alertName: String
    /// `__alert_<AlertName>`.
    public let templateName: String
    private let parsed: Result<Template, TemplateError>

    public init(_ text: String, alertName: String, functions: TemplateFunctions = .prometheus) {
        self.text = text
        self.alertName = alertName
        templateName = "__alert_" + alertName
        do throws(TemplateError) {
            parsed = .success(
                try Template.parse(Self.definitions + text, name: templateName, functions: functions, missingKey: .zero))
        } catch {
            parsed = .failure(error)
        }
    }

    /// The parse error Prometheus's rule validation reports (`template: __alert_X:1: …`), if any.
    public var parseError: TemplateError? {
        if case .failure(let e) = parsed { return e }
        return nil
    }

    /// Where in `text` (UTF-8 offset) the parse error is, for mapping into the rule file; nil when there is no
    /// error or it lies in the prefix.
    public var parseErrorOffsetInText: Int? {
        guard let offset = parseError?.offset else { return nil }
        let prefix = Self.definitions.utf8.count
        return offset >= prefix ? min(offset - prefix, text.utf8.count) : nil
    }

    /// Expands the template for one alert.
    public func expand(_ data: AlertTemplateData, context: TemplateContext) -> Result<String, TemplateExpansionError> {
        switch parsed {
        case .failure(let e):
            return .failure(TemplateExpansionError(templateName: templateName, underlying: e))
        case .success(let template):
            do throws(TemplateError) {
                return .success(try template.execute(.alert(data), context: context))
            } catch {
                return .failure(TemplateExpansionError(templateName: templateName, underlying: error))
            }
        }
    }

    /// What Prometheus stores in the alert: the expansion, or `<error expanding template: …>` on failure.
    public func expandForAlert(_ data: AlertTemplateData, context: TemplateContext) -> String {
        switch expand(data, context: context) {
        case .success(let s): s
        case .failure(let e): "<error expanding template: \(e.description)>"
        }
    }
}
