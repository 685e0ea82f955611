public import KlaxonEngine
import KlaxonModel
import KlaxonStorage

/// The JSON bodies of Prometheus's HTTP API (`/api/v1/query`, `/api/v1/query_range`, errors), byte-compatible
/// with what Prometheus writes, so that Grafana and scripts cannot tell Klaxon from Prometheus.
public enum APIResponse {
    /// `errorType` values of Prometheus's API.
    public enum ErrorType: String, Sendable {
        case badData = "bad_data"
        case execution
        case timeout
        case canceled
        case `internal`
        case unavailable
        case notFound = "not_found"
    }

    /// `{"status":"success","data":{"resultType":…,"result":…}}` plus `warnings`/`infos` when present.
    public static func success(_ result: QueryResult) -> String {
        var out = "{\"status\":\"success\",\"data\":{\"resultType\":\"\(result.value.typeName)\",\"result\":"
        out += encode(result.value)
        out += "}"
        if !result.annotations.warnings.isEmpty {
            out += ",\"warnings\":[" + result.annotations.warnings.map(GoJSON.quote).joined(separator: ",") + "]"
        }
        if !result.annotations.infos.isEmpty {
            out += ",\"infos\":[" + result.annotations.infos.map(GoJSON.quote).joined(separator: ",") + "]"
        }
        return out + "}"
    }

    /// `{"status":"success","data":<raw JSON>}` for the non-query endpoints.
    public static func success(rawData json: String, warnings: [String] = []) -> String {
        var out = "{\"status\":\"success\",\"data\":" + json
        if !warnings.isEmpty { out += ",\"warnings\":[" + warnings.map(GoJSON.quote).joined(separator: ",") + "]" }
        return out + "}"
    }

    /// `{"status":"error","errorType":…,"error":…}`.
    public static func error(_ type: ErrorType, _ message: String) -> String {
        "{\"status\":\"error\",\"errorType\":\"\(type.rawValue)\",\"error\":\(GoJSON.quote(message))}"
    }

    /// The error type Prometheus reports for an evaluation failure.
    public static func errorType(of error: EvaluationError) -> ErrorType {
        switch error.kind {
        case .execution, .tooManySamples: .execution
        case .timeout: .timeout
        case .canceled: .canceled
        case .badData: .badData
        }
    }

    /// The `result` member for a query value.
    public static func encode(_ value: QueryValue) -> String {
        switch value {
        case .scalar(let t, let v):
            return "[" + GoJSON.timestamp(t) + "," + GoJSON.quote(GoFloat.formatAPI(v)) + "]"
        case .string(let t, let s):
            return "[" + GoJSON.timestamp(t) + "," + GoJSON.quote(s) + "]"
        case .vector(let samples):
            let items = samples.map { sample in
                "{\"metric\":" + GoJSON.labels(sample.labels) + ",\"value\":[" + GoJSON.timestamp(sample.t) + ","
                    + GoJSON.quote(GoFloat.formatAPI(sample.v)) + "]}"
            }
            return "[" + items.joined(separator: ",") + "]"
        case .matrix(let series):
            let items = series.map { s in
                let points = s.points.map { "[" + GoJSON.timestamp($0.t) + "," + GoJSON.quote(GoFloat.formatAPI($0.v)) + "]" }
                return "{\"metric\":" + GoJSON.labels(s.labels) + ",\"values\":[" + points.joined(separator: ",") + "]}"
            }
            return "[" + items.joined(separator: ",") + "]"
        }
    }
}
