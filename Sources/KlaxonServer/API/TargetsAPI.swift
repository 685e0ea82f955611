import KlaxonModel
import KlaxonRules
public import KlaxonScrape

/// `/api/v1/targets` (Prometheus's `TargetDiscovery`) from the scrape manager's targets, with the `state`
/// (`active`|`dropped`|`any`) and `scrapePool` filters.
public enum TargetsAPI {
    public static func targets(
        active: [TargetStatus], dropped: [DroppedTarget], pools: [String], form: FormParameters
    ) -> APIReply {
        let state = form.value("state").lowercased()
        let pool = form.value("scrapePool")
        let showActive = state.isEmpty || state == "any" || state == "active"
        let showDropped = state.isEmpty || state == "any" || state == "dropped"
        let inPool = { (name: String) in pool.isEmpty || name == pool }
        var json = "{\"activeTargets\":["
        if showActive { json += active.filter { inPool($0.scrapePool) }.map(targetJSON).joined(separator: ",") }
        json += "],\"droppedTargets\":["
        if showDropped {
            json += dropped.filter { inPool($0.scrapePool) }.map { target in
                "{\"discoveredLabels\":" + GoJSON.labels(target.discoveredLabels) + ",\"scrapePool\":"
                    + GoJSON.quote(target.scrapePool) + "}"
            }.joined(separator: ",")
        }
        json += "]"
        if showDropped {
            var counts: [String: Int] = [:]
            for name in pools where inPool(name) { counts[name] = 0 }
            for target in dropped where inPool(target.scrapePool) { counts[target.scrapePool, default: 0] += 1 }
            let items = counts.keys.sorted().map { GoJSON.quote($0) + ":" + String(counts[$0] ?? 0) }
            json += ",\"droppedTargetCounts\":{" + items.joined(separator: ",") + "}"
        } else {
            json += ",\"droppedTargetCounts\":null"
        }
        return .success(data: json + "}")
    }

    static func targetJSON(_ target: TargetStatus) -> String {
        var json = "{\"discoveredLabels\":" + GoJSON.labels(target.discoveredLabels)
        json += ",\"labels\":" + GoJSON.labels(target.labels)
        json += ",\"scrapePool\":" + GoJSON.quote(target.scrapePool)
        json += ",\"scrapeUrl\":" + GoJSON.quote(target.scrapeURL)
        json += ",\"globalUrl\":" + GoJSON.quote(target.scrapeURL)
        json += ",\"lastError\":" + GoJSON.quote(target.lastError)
        json += ",\"lastScrape\":" + GoJSON.quote(target.lastScrape.map(AlertAPIFormat.rfc3339) ?? RulesAPI.zeroTime)
        json += ",\"lastScrapeDuration\":" + JSONNumber.format(target.lastScrapeDuration.seconds)
        json += ",\"health\":" + GoJSON.quote(target.health.rawValue)
        json += ",\"scrapeInterval\":" + GoJSON.quote(target.scrapeInterval)
        json += ",\"scrapeTimeout\":" + GoJSON.quote(target.scrapeTimeout)
        return json + "}"
    }
}
