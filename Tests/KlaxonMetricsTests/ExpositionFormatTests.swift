import Testing

@testable import KlaxonMetrics

@Suite struct ExpositionFormatTests {
    @Test(
        "the Accept header picks the exposition format",
        arguments: [
            (nil, ExpositionFormat.prometheusText),
            ("", .prometheusText),
            ("*/*", .prometheusText),
            ("text/plain", .prometheusText),
            ("text/plain; version=0.0.4", .prometheusText),
            ("text/*", .prometheusText),
            ("application/openmetrics-text", .openMetrics0),
            ("application/openmetrics-text; version=1.0.0", .openMetrics1),
            ("application/openmetrics-text;version=0.0.1", .openMetrics0),
            ("application/openmetrics-text; version=\"1.0.0\"", .openMetrics1),
            ("APPLICATION/OpenMetrics-Text; Version=1.0.0", .openMetrics1),
            ("application/*", .openMetrics1),
            ("application/openmetrics-text; version=2.0.0", .prometheusText),
            ("application/openmetrics-text;version=2.0.0,application/openmetrics-text;version=0.0.1;q=0.1", .openMetrics0),
            ("text/plain;version=1.0.0;escaping=allow-utf-8", .prometheusText),
            ("text/plain;q=0.5, application/openmetrics-text;version=1.0.0;q=0.9", .openMetrics1),
            ("application/openmetrics-text;version=1.0.0;q=0, text/plain", .prometheusText),
            ("*/*;q=0.1, application/openmetrics-text;version=1.0.0;q=0.1", .openMetrics1),
            ("application/json", .prometheusText),
            ("garbage", .prometheusText),
            (
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,"
                    + "text/plain;version=0.0.4;q=0.3", .prometheusText
            ),
            // Prometheus 2.x's scrape header.
            (
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                    + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1", .openMetrics1
            ),
            // Prometheus 3.x's scrape header.
            (
                "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                    + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
                    + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2", .openMetrics1
            ),
        ] as [(String?, ExpositionFormat)]
    )
    func negotiation(accept: String?, expected: ExpositionFormat) {
        #expect(ExpositionFormat.negotiate(accept: accept) == expected)
    }

    @Test(
        "each format announces its Content-Type",
        arguments: [
            (ExpositionFormat.prometheusText, "text/plain; version=0.0.4; charset=utf-8"),
            (.openMetrics1, "application/openmetrics-text; version=1.0.0; charset=utf-8"),
            (.openMetrics0, "application/openmetrics-text; version=0.0.1; charset=utf-8"),
        ]
    )
    func contentType(format: ExpositionFormat, expected: String) {
        #expect(format.contentType == expected)
    }
}
