import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 5's acceptance runs, with real processes on 127.0.0.1: `klaxon serve` scraping a target the test
/// drives, delivering to a webhook receiver the test runs and (when installed) to a real Alertmanager;
/// killed with SIGKILL and restarted; its receiver down for 30 s; reloaded with a broken rule file.
/// Each test has its own ports and directory, so they run in parallel.
@Suite struct DaemonAcceptanceTests {
    static let errorRateRules = """
        groups:
          - name: errors
            interval: 1s
            rules:
              - alert: HighErrorRate
                expr: |
                  sum by (job) (rate(http_requests_total{code="500"}[5s]))
                    / sum by (job) (rate(http_requests_total[5s])) > 0.1
                for: 5s
                labels:
                  severity: critical
                annotations:
                  summary: "{{ $labels.job }} error rate is {{ $value | humanizePercentage }}"
                  runbook_url: https://runbooks.example.test/high-error-rate
        """

    /// A configuration scraping `target` every second and sending to `receiver` (and Alertmanager on
    /// `alertmanagerPort`, if given).
    static func config(target: String, receiver: String, alertmanagerPort: Int? = nil, retry: String = "")
        -> String
    {
        var text = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [rules.yml]
            scrape_configs:
              - job_name: app
                static_configs:
                  - targets: ["\(target)"]
            webhooks:
              - url: \(receiver)
            \(retry)
            """
        if let alertmanagerPort {
            text += """

                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ["127.0.0.1:\(alertmanagerPort)"]

                """
        }
        return text
    }

    /// A fresh directory, and a scrape target and a webhook receiver already serving.
    static func startTargetAndReceiver() async throws -> (String, ControlledTarget, WebhookReceiver) {
        let target = ControlledTarget(port: try DaemonHarness.freePort())
        let receiver = WebhookReceiver(port: try DaemonHarness.freePort())
        try await target.server.start()
        try await receiver.server.start()
        return (try TestServer.makeDirectory(), target, receiver)
    }

    @Test(
        "an error-rate alert with for: 5s goes pending, fires to the webhook and Alertmanager, and resolves",
        .enabled(if: DaemonHarness.binary != nil, DaemonHarness.missingBinary))
    func errorRateRoundTrip() async throws {
        let (directory, target, receiver) = try await Self.startTargetAndReceiver()
        let alertmanager = try DaemonHarness.alertmanager.map {
            try AlertmanagerProcess(binary: $0, directory: directory)
        }
        try TestServer.write(Self.errorRateRules, to: directory + "/rules.yml")
        try TestServer.write(
            Self.config(target: target.address, receiver: receiver.url, alertmanagerPort: alertmanager?.port),
            to: directory + "/prometheus.yml")
        let daemon = try DaemonProcess(directory: directory)
        try await DaemonHarness.withClient { client in
            #expect(await daemon.waitReady(client))
            if let alertmanager { #expect(await alertmanager.waitReady(client)) }
            // Healthy traffic first: the target is scraped, nothing fires.
            let lastBody = Shared("")
            #expect(
                await DaemonHarness.eventually {
                    let body = try? await client.post(daemon.api + "/api/v1/query", body: "query=up%7Bjob%3D%22app%22%7D").body
                    lastBody.withLock { $0 = body ?? "<no reply>" }
                    return body?.contains(#""value":["#) == true && body?.contains(#""1"]"#) == true
                }, "\(lastBody.withLock { $0 })")
            target.setFailing(true)

            // Pending, then firing after `for`.
            #expect(await DaemonHarness.eventually { await daemon.alert(client, "HighErrorRate")?["state"] as? String == "pending" })
            let pending = try #require(await daemon.alert(client, "HighErrorRate"))
            let activeAt = try #require(DaemonHarness.time(pending["activeAt"]))
            #expect(await DaemonHarness.eventually { receiver.alert("HighErrorRate", status: "firing") != nil })
            #expect(await daemon.alert(client, "HighErrorRate")?["state"] as? String == "firing")

            // The webhook payload, field by field (Alertmanager's webhook format, version 4).
            let payload = try #require(receiver.payloads().first)
            #expect(payload["version"] as? String == "4")
            #expect(payload["status"] as? String == "firing")
            #expect((payload["receiver"] as? String)?.isEmpty == false)
            #expect(payload["groupKey"] as? String == "{}:{}")
            #expect(payload["truncatedAlerts"] as? Int == 0)
            #expect(payload["externalURL"] as? String == "http://klaxon.test:9097")
            #expect((payload["groupLabels"] as? [String: String]) == [:])
            #expect(
                payload["commonLabels"] as? [String: String]
                    == ["alertname": "HighErrorRate", "job": "app", "severity": "critical"])
            #expect(
                (payload["commonAnnotations"] as? [String: String])?["runbook_url"]
                    == "https://runbooks.example.test/high-error-rate")
            let alert = try #require((payload["alerts"] as? [[String: Any]])?.first)
            #expect((payload["alerts"] as? [Any])?.count == 1)
            #expect(alert["status"] as? String == "firing")
            #expect(alert["labels"] as? [String: String] == ["alertname": "HighErrorRate", "job": "app", "severity": "critical"])
            let annotations = try #require(alert["annotations"] as? [String: String])
            #expect(annotations["summary"] == "app error rate is 33.33%")
            #expect(annotations["runbook_url"] == "https://runbooks.example.test/high-error-rate")
            let startsAt = try #require(DaemonHarness.time(alert["startsAt"]))
            #expect(startsAt >= activeAt + 5_000 && startsAt <= activeAt + 7_000)  // fired after `for`, on a 1 s grid
            #expect(alert["endsAt"] as? String == "0001-01-01T00:00:00Z")
            #expect((alert["generatorURL"] as? String)?.hasPrefix("http://klaxon.test:9097/graph?g0.expr=") == true)
            let fingerprint = try #require(alert["fingerprint"] as? String)
            #expect(fingerprint.count == 16 && fingerprint.allSatisfy(\.isHexDigit))

            // Alertmanager has it too.
            if let alertmanager {
                #expect(
                    await DaemonHarness.eventually {
                        await alertmanager.activeAlertNames(client).contains("HighErrorRate")
                    })
            }

            // Recovery: the alert resolves and the resolved notification arrives.
            target.setFailing(false)
            #expect(await DaemonHarness.eventually { receiver.alert("HighErrorRate", status: "resolved") != nil })
            let resolved = try #require(receiver.alert("HighErrorRate", status: "resolved"))
            let endsAt = try #require(DaemonHarness.time(resolved["endsAt"]))
            #expect(endsAt > startsAt)
            #expect(resolved["startsAt"] as? String == alert["startsAt"] as? String)
            if let alertmanager {
                #expect(
                    await DaemonHarness.eventually {
                        !(await alertmanager.activeAlertNames(client).contains("HighErrorRate"))
                    })
            }
            #expect(await daemon.terminate() == 0)
        }
        await alertmanager?.stop()
        await receiver.server.stop()
        await target.server.stop()
    }

    static let restartRules = """
        groups:
          - name: restart
            interval: 1s
            rules:
              - alert: FastErrors
                expr: sum(rate(http_requests_total{code="500"}[5s])) > 0
                for: 2s
              - alert: SlowErrors
                expr: sum(rate(http_requests_total{code="500"}[5s])) > 0
                for: 20s
        """

    @Test(
        "after kill -9, the pending alert fires at its original time and the firing one is not announced again",
        .enabled(if: DaemonHarness.binary != nil, DaemonHarness.missingBinary))
    func killAndRestart() async throws {
        let (directory, target, receiver) = try await Self.startTargetAndReceiver()
        target.setFailing(true)
        try TestServer.write(Self.restartRules, to: directory + "/rules.yml")
        try TestServer.write(Self.config(target: target.address, receiver: receiver.url), to: directory + "/prometheus.yml")
        try await DaemonHarness.withClient { client in
            let first = try DaemonProcess(directory: directory)
            #expect(await first.waitReady(client))
            #expect(await DaemonHarness.eventually { receiver.alert("FastErrors", status: "firing") != nil })
            #expect(await first.alert(client, "SlowErrors")?["state"] as? String == "pending")
            let fastActiveAt = try #require(await first.alert(client, "FastErrors")?["activeAt"] as? String)
            let slowActiveAt = try #require(await first.alert(client, "SlowErrors")?["activeAt"] as? String)
            let fastStartsAt = try #require(receiver.alert("FastErrors", status: "firing")?["startsAt"] as? String)
            // Wait until a cycle after the delivery has been saved (the notification queue is empty again).
            #expect(
                await DaemonHarness.eventually {
                    let saved = (try? String(contentsOfFile: directory + "/data/alerts.json", encoding: .utf8)) ?? ""
                    return saved.contains("lastSentAt")
                        && !FileManager.default.fileExists(atPath: directory + "/data/notifications.json")
                })
            first.signal(SIGKILL)
            let killed = await first.waitExit()
            #expect(killed.signalled && killed.status == SIGKILL)
            let before = receiver.bodies.count

            let second = try DaemonProcess(directory: directory)
            #expect(await second.waitReady(client))
            #expect(second.log.contains("restored state"))
            // Both alerts are back with their original times.
            #expect(await second.alert(client, "FastErrors")?["activeAt"] as? String == fastActiveAt)
            #expect(await second.alert(client, "SlowErrors")?["activeAt"] as? String == slowActiveAt)
            #expect(await second.alert(client, "FastErrors")?["state"] as? String == "firing")
            // The pending one fires at its original time: activeAt + 20 s, on the group's 1 s grid.
            #expect(await DaemonHarness.eventually { receiver.alert("SlowErrors", status: "firing", from: before) != nil })
            let slowStartsAt = try #require(
                DaemonHarness.time(receiver.alert("SlowErrors", status: "firing", from: before)?["startsAt"]))
            let slowActive = try #require(DaemonHarness.unixMilliseconds(slowActiveAt))
            #expect(slowStartsAt >= slowActive + 20_000 && slowStartsAt <= slowActive + 22_000)
            // The firing one was not sent again: no notification since the restart mentions it.
            #expect(receiver.alerts(from: before).allSatisfy { ($0["labels"] as? [String: String])?["alertname"] != "FastErrors" })
            #expect(await second.alert(client, "FastErrors")?["activeAt"] as? String == fastActiveAt)
            _ = fastStartsAt
            #expect(await second.terminate() == 0)
        }
        await receiver.server.stop()
        await target.server.stop()
    }

    @Test(
        "with the webhook receiver down for 30 s, every notification arrives once it is back and none is dropped",
        .enabled(if: DaemonHarness.binary != nil, DaemonHarness.missingBinary))
    func receiverOutage() async throws {
        let directory = try TestServer.makeDirectory()
        let receiver = WebhookReceiver(port: try DaemonHarness.freePort())  // not started: connections refused
        let now = Int(Date().timeIntervalSince1970)
        // Two alerts fire at once; one fires 10 s into the outage; one resolves 15 s into it.
        try TestServer.write(
            """
            groups:
              - name: outage
                interval: 1s
                rules:
                  - alert: DiskFull
                    expr: vector(1)
                    labels: {severity: critical}
                  - alert: QueueStuck
                    expr: vector(1)
                    labels: {severity: warning}
                  - alert: FiresLater
                    expr: vector(time()) > \(now + 10)
                  - alert: ResolvesLater
                    expr: vector(time()) < \(now + 15)
            """, to: directory + "/rules.yml")
        try TestServer.write(
            """
            global:
              evaluation_interval: 1s
            rule_files: [rules.yml]
            webhooks:
              - url: \(receiver.url)
                retry: {max_attempts: 3, initial_backoff: 100ms, max_backoff: 1s}
            """, to: directory + "/prometheus.yml")
        let endpoint = "klaxon_notifications_retried_total{endpoint=\""
        try await DaemonHarness.withClient { client in
            let daemon = try DaemonProcess(directory: directory)
            #expect(await daemon.waitReady(client))
            let outageEnds = ContinuousClock.now + .seconds(30)
            #expect(await DaemonHarness.eventually { (await daemon.metric(client, endpoint) ?? 0) > 0 })
            try await Task.sleep(until: outageEnds)  // the receiver stays down for 30 s
            #expect(receiver.bodies.isEmpty)
            let retriedDuringOutage = await daemon.metric(client, endpoint) ?? 0
            #expect(retriedDuringOutage >= 10)  // retried all along, at most 1 s apart
            #expect(await daemon.metric(client, "klaxon_notifications_dropped_total{") == 0)

            try await receiver.server.start()
            #expect(
                await DaemonHarness.eventually {
                    ["DiskFull", "QueueStuck", "FiresLater"].allSatisfy { receiver.alert($0, status: "firing") != nil }
                        && receiver.alert("ResolvesLater", status: "resolved") != nil
                })
            #expect(await DaemonHarness.eventually { await daemon.metric(client, "klaxon_notifications_queue_length{") == 0 })
            #expect(await daemon.metric(client, "klaxon_notifications_dropped_total{") == 0)
            #expect((await daemon.metric(client, "klaxon_notifications_sent_total{") ?? 0) >= 4)
            // Every queued notification was sent once: no alert arrives twice in the catch-up.
            let firing = receiver.alerts().filter { $0["status"] as? String == "firing" }
            let names = firing.compactMap { ($0["labels"] as? [String: String])?["alertname"] }
            #expect(names.filter { $0 == "DiskFull" }.count == 1)
            #expect(await daemon.terminate() == 0)
        }
        await receiver.server.stop()
    }

    @Test(
        "reloading a broken rule file keeps the old rules running and reports the error",
        .enabled(if: DaemonHarness.binary != nil, DaemonHarness.missingBinary))
    func brokenReload() async throws {
        let directory = try TestServer.makeDirectory()
        let good = """
            groups:
              - name: g
                interval: 1s
                rules:
                  - alert: StillHere
                    expr: vector(1)
            """
        try TestServer.write(good, to: directory + "/rules.yml")
        try TestServer.write(
            "global:\n  evaluation_interval: 1s\nrule_files: [rules.yml]\n", to: directory + "/prometheus.yml")
        try await DaemonHarness.withClient { client in
            let daemon = try DaemonProcess(directory: directory)
            #expect(await daemon.waitReady(client))
            #expect(await DaemonHarness.eventually { await daemon.alert(client, "StillHere") != nil })
            try TestServer.write(good.replacingOccurrences(of: "vector(1)", with: "sum(rate(x[5m])"), to: directory + "/rules.yml")

            let reload = try await client.post(daemon.api + "/-/reload")
            #expect(reload.status == 500)
            #expect(reload.body.contains("rules.yml:6:"))
            let rules = try await client.get(daemon.api + "/api/v1/rules").body
            #expect(rules.contains(#""name":"StillHere""#))
            #expect(await daemon.metric(client, "klaxon_config_last_reload_successful") == 0)
            // Evaluation goes on: the old rule keeps being evaluated.
            let evaluations = await daemon.metric(client, "klaxon_rule_group_iterations_total{") ?? 0
            #expect(await DaemonHarness.eventually { (await daemon.metric(client, "klaxon_rule_group_iterations_total{") ?? 0) > evaluations })

            // SIGHUP reports the same way (in the log) and keeps the rules.
            daemon.signal(SIGHUP)
            #expect(await DaemonHarness.eventually { daemon.log.contains("error reloading configuration") })
            #expect(await daemon.alert(client, "StillHere") != nil)

            // Fixed: the reload succeeds.
            try TestServer.write(good.replacingOccurrences(of: "StillHere", with: "Replaced"), to: directory + "/rules.yml")
            #expect(try await client.post(daemon.api + "/-/reload").status == 200)
            #expect(await DaemonHarness.eventually { await daemon.alert(client, "Replaced") != nil })
            #expect(await daemon.metric(client, "klaxon_config_last_reload_successful") == 1)
            #expect(await daemon.terminate() == 0)
        }
    }
}

/// Debian's Alertmanager as a child process, routing everything to a receiver with no integrations.
final class AlertmanagerProcess: Sendable {
    let process: Process
    let port: Int

    init(binary: String, directory: String) throws {
        port = try DaemonHarness.freePort()
        let config = directory + "/alertmanager.yml"
        try TestServer.write(
            "route:\n  receiver: quiet\n  group_wait: 0s\nreceivers:\n  - name: quiet\n", to: config)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--config.file=" + config, "--storage.path=" + directory + "/alertmanager",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=",
        ]
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
    }

    var api: String { "http://127.0.0.1:\(port)" }

    func waitReady(_ client: TestClient) async -> Bool {
        await DaemonHarness.eventually { await client.tryGet(api + "/-/ready")?.status == 200 }
    }

    /// Names of the alerts Alertmanager holds as active (not resolved).
    func activeAlertNames(_ client: TestClient) async -> [String] {
        guard let body = await client.tryGet(api + "/api/v2/alerts?active=true")?.body,
            let alerts = DaemonHarness.json(body) as? [[String: Any]]
        else { return [] }
        return alerts.compactMap { alert in
            guard (alert["status"] as? [String: Any])?["state"] as? String == "active" else { return nil }
            return (alert["labels"] as? [String: String])?["alertname"]
        }
    }

    func stop() async {
        process.terminate()
        _ = await DaemonHarness.eventually { !process.isRunning }
    }
}
