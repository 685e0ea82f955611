import KlaxonModel

/// `/api/v1/status/buildinfo` and `/api/v1/status/config` bodies (Prometheus's `PrometheusVersion` and
/// `prometheusConfig`).
public enum StatusAPI {
    /// `{"version","revision","branch","buildUser","buildDate","goVersion"}`; `goVersion` names the Swift
    /// toolchain Klaxon was built with, since Grafana only reads `version`.
    public static func buildInfo(version: String) -> APIReply {
        var json = "{\"version\":" + GoJSON.quote(version)
        json += ",\"revision\":\"\",\"branch\":\"\",\"buildUser\":\"\",\"buildDate\":\"\""
        json += ",\"goVersion\":" + GoJSON.quote(swiftVersion) + "}"
        return .success(data: json)
    }

    /// `{"yaml": …}` with the configuration as loaded, secrets already replaced.
    public static func config(yaml: String) -> APIReply {
        .success(data: "{\"yaml\":" + GoJSON.quote(yaml) + "}")
    }

    static var swiftVersion: String {
        #if compiler(>=6.3)
            "swift6.3"
        #elseif compiler(>=6.2)
            "swift6.2"
        #else
            "swift6"
        #endif
    }
}
