import Foundation

/// Alert templates for the mutation fuzz test: Klaxon's own annotations in the styles of kube-prometheus,
/// node-exporter and Ceph rule sets, plus any annotations found at test time in the shared promtool fixtures
/// and, when present, Debian's `ceph-prometheus-alerts` (extracted under /tmp; never required).
enum AnnotationCorpus {
    static let builtIn: [String] = [
        "{{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) is restarting {{ printf \"%.2f\" $value }} times / 10 minutes.",
        "Filesystem on {{ $labels.device }} at {{ $labels.instance }} has only {{ printf \"%.2f\" $value }}% available space left.",
        "{{ $value | humanizePercentage }} of the {{ $labels.job }}/{{ $labels.service }} targets in {{ $labels.namespace }} are down.",
        "Disk {{ $labels.device }} on {{ $labels.instance | stripPort }} fills in {{ $value | humanizeDuration }}.",
        "{{ with query \"sum(up)\" }}{{ . | first | value | humanize }}{{ end }} targets up",
        "{{ range $i, $s := query \"up == 0\" }}{{ if $i }}, {{ end }}{{ $s.Labels.instance }}{{ end }}",
        "{{ if gt $value 0.9 }}critical{{ else if gt $value 0.7 }}warning{{ else }}info{{ end }}",
        "Memory {{ humanize1024 $value }}B on {{ $labels.node | toUpper }}",
        "{{ define \"who\" }}{{ .Labels.job }}@{{ .Labels.instance }}{{ end }}{{ template \"who\" . }} down",
        "{{ reReplaceAll \"(.*):.*\" \"$1\" $labels.instance }}",
        "{{ $labels.instance | reReplaceAll \":[0-9]+\" \"\" }}",
        "Runbook: {{ externalURL }}/alerts?search={{ urlQueryEscape $labels.alertname }}",
        "{{ graphLink \"rate(http_requests_total[5m])\" }} {{ tableLink \"up\" }}",
        "Since {{ (now | toTime).Format \"15:04 MST\" }}",
        "{{ $value | printf \"%.1f\" }} {{ printf \"%5.2e|%x|%q\" $value 255 $labels.job }}",
        "{{ $externalLabels.cluster }}: {{ title $labels.severity }} {{ toLower \"ABC\" }}",
        "{{ $value | humanizeTimestamp }} {{ len $labels }} labels",
        "{{- /* comment */ -}} trimmed {{- \" x \" -}} end",
        "{{ $down := query \"count(x == 0)\" | first | value }}{{ $s := \"\" }}{{ if gt $down 1.0 }}{{ $s = \"s\" }}{{ end }}{{ $down }} mon{{ $s }} down",
        "{{ range query \"topk(5, x)\" | sortByLabel \"name\" }} - {{ .Labels.name }} at {{ .Value }}% {{- end }}",
        "{{ index $labels \"job\" }} {{ slice $labels.instance 0 3 }} {{ and $value $labels.job }} {{ or 0 \"x\" }}",
        "{{ range $k, $v := $labels }}{{ $k }}={{ $v | js }}&{{ end }}",
        "{{ with $labels.missing }}has{{ else }}none{{ end }} {{ not (eq $labels.job \"node\") }}",
        "{{ range 3 }}{{ if eq . 1 }}{{ continue }}{{ end }}{{ . }}{{ end }}{{ range $i := 5 }}{{ if gt $i 2 }}{{ break }}{{ end }}{{ end }}",
        "{{ $x := args 1 \"two\" 3.0 }}{{ $x.arg1 }} {{ html \"<b>\" }} {{ urlquery \"a b\" }}",
        "{{ (\"-30m\" | parseDuration | toDuration | (now | toTime).Add).UnixMilli }}",
        "{{ match \"^node-[0-9]+$\" $labels.instance }} {{ stripDomain \"host.example.com:9100\" }}",
        "{{ block \"b\" $labels }}{{ .job }}{{ end }} {{ print 1 2 \"x\" }} {{ println \"y\" }}",
        "Line one\nLine {{ $labels.job }} two\n{{ $value }}",
        "{{ query \"up\" | first | label \"instance\" }} {{ query \"up\" | first | strvalue }}",
    ]

    /// Annotation and label values found in YAML rule files (double-quoted, plain and `|` block scalars).
    static func templates(inYAML text: String) -> [String] {
        var result: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if let colon = line.firstIndex(of: ":"), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) == "|" {
                let indent = line.prefix { $0 == " " }.count
                var block: [String] = []
                i += 1
                while i < lines.count, lines[i].prefix(while: { $0 == " " }).count > indent || lines[i].isEmpty {
                    block.append(lines[i].trimmingCharacters(in: .whitespaces))
                    i += 1
                }
                let joined = block.joined(separator: "\n")
                if joined.contains("{{") { result.append(joined) }
                continue
            }
            if line.contains("{{"), let colon = line.firstIndex(of: ":") {
                var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 {
                    value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                        .replacingOccurrences(of: "\\\\", with: "\\")
                }
                result.append(value)
            }
            i += 1
        }
        return result
    }

    /// Templates from the shared conformance fixtures and the optional Ceph package.
    static func external(filePath: String = #filePath) -> [String] {
        var files: [String] = []
        let shared = ProcessInfo.processInfo.environment["KLAXON_SHARED"]
            ?? URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../shared").standardized.path
        let testdata = shared + "/conformance/promtool/testdata"
        if let names = try? FileManager.default.contentsOfDirectory(atPath: testdata) {  // absent: no extra corpus
            files += names.filter { $0.hasSuffix(".yml") }.sorted().map { testdata + "/" + $0 }
        }
        files.append("/tmp/ceph-alerts/x/etc/prometheus/ceph/ceph_default_alerts.yml")
        var result: [String] = []
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }  // optional input
            result += templates(inYAML: text).filter { !$0.hasPrefix("{{schema") && !$0.hasPrefix("{{sum") && !$0.hasPrefix("{{count") }
        }
        return result
    }
}
