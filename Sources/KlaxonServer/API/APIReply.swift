public import KlaxonAPI

/// An HTTP answer of the API handlers, independent of the HTTP server: status, content type and body.
public struct APIReply: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: String
    /// Extra headers (`WWW-Authenticate`).
    public var headers: [String: String] = [:]

    public init(status: Int, contentType: String, body: String, headers: [String: String] = [:]) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    /// `200` with a JSON body.
    public static func json(_ body: String) -> APIReply {
        APIReply(status: 200, contentType: "application/json", body: body)
    }

    /// `{"status":"success","data":…}`.
    public static func success(data: String, warnings: [String] = []) -> APIReply {
        json(APIResponse.success(rawData: data, warnings: warnings))
    }

    /// Prometheus's error body with the status code Prometheus uses for `type`.
    public static func error(_ type: APIResponse.ErrorType, _ message: String) -> APIReply {
        APIReply(status: statusCode(for: type), contentType: "application/json", body: APIResponse.error(type, message))
    }

    /// A plain-text answer (`/-/healthy`).
    public static func text(_ body: String, status: Int = 200) -> APIReply {
        APIReply(status: status, contentType: "text/plain; charset=utf-8", body: body)
    }

    /// Prometheus's `getDefaultErrorCode`.
    public static func statusCode(for type: APIResponse.ErrorType) -> Int {
        switch type {
        case .badData: 400
        case .execution: 422
        case .canceled: 499
        case .timeout: 503
        case .internal: 500
        case .unavailable: 503
        case .notFound: 404
        }
    }
}
