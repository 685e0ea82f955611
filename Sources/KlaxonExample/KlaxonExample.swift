import Foundation
import KlaxonAlerting
import KlaxonHTTPClient
import KlaxonMetrics

/// An application with Klaxon embedded: it records its metrics through `PlatformMetrics`, and an
/// `AlertingEngine` evaluates the repository's alerting rules over them in process and logs the alerts.
///
///     swift run KlaxonExample --error-rate 0.2     # CriticalErrorRate fires about 2.5 minutes later
@main
struct KlaxonExample {
    static func main() async {
        let arguments: ExampleArguments
        do {
            arguments = try ExampleArguments(CommandLine.arguments.dropFirst())
        } catch {
            fail("\(error)\n\(ExampleArguments.usage)", status: 2)
        }

        // 1. The application's metrics: one registry, the platform's typed recorders.
        let metrics = PlatformMetrics()

        // 2. Where alerts go: the log, and a webhook (Alertmanager's v4 payload) when asked for.
        let transport = AsyncHTTPClientTransport()
        var notifiers: [any AlertNotifier] = [LoggingAlertNotifier()]
        if let url = arguments.webhookURL {
            notifiers.append(DispatcherNotifier.webhook(url: url, transport: transport, registry: metrics.registry))
        }

        // 3. The engine: rule files, the registry, the notifiers.
        var options = AlertingEngineOptions()
        options.feedInterval = .seconds(arguments.intervalSeconds)
        options.evaluationInterval = .seconds(arguments.intervalSeconds)
        let engine: AlertingEngine
        do {
            engine = try AlertingEngine(
                ruleFiles: [arguments.rules], registry: metrics.registry, notifiers: notifiers, options: options)
        } catch {
            fail("\(error)", status: 1)
        }

        // 4. Run the application with the engine beside it; the engine stops when the application returns.
        let simulator = PlatformSimulator(
            metrics: metrics, errorRate: arguments.errorRate, requestsPerSecond: arguments.requestsPerSecond)
        do {
            try await engine.withRunning {
                try await simulator.run(seconds: arguments.durationSeconds)
            }
        } catch {
            fail("\(error)", status: 1)
        }
        for alert in await engine.alerts() {
            print("\(alert.state) \(alert.labels)")
        }
        // The HTTP client must be shut down after its last request; a failure here changes nothing.
        try? await transport.shutdown()
    }

    private static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(status)
    }
}
