public import KlaxonModel

/// The undelivered contents of the notification queues as plain values, for the persistence layer to store
/// across restarts; `json`/`init(json:)` give it a stable JSON form.
public struct QueueSnapshot: Sendable, Equatable {
    /// One endpoint's queue, oldest alert first.
    public struct Endpoint: Sendable, Equatable {
        /// The endpoint's credential-free label (how a restored queue finds its endpoint).
        public var endpoint: String
        public var entries: [Entry]

        public init(endpoint: String, entries: [Entry]) {
            self.endpoint = endpoint
            self.entries = entries
        }
    }

    /// One queued alert.
    public struct Entry: Sendable, Equatable {
        public var alert: NotificationAlert
        /// Alerts enqueued together share this number (a webhook payload never mixes two).
        public var batch: UInt64
        /// When the alert was enqueued: the reference time for firing/resolved in webhook payloads.
        public var enqueuedAt: Timestamp

        public init(alert: NotificationAlert, batch: UInt64, enqueuedAt: Timestamp) {
            self.alert = alert
            self.batch = batch
            self.enqueuedAt = enqueuedAt
        }

        init(_ queued: QueuedAlert) {
            self.init(alert: queued.alert, batch: queued.batch, enqueuedAt: queued.enqueuedAt)
        }

        var queued: QueuedAlert { QueuedAlert(alert: alert, batch: batch, enqueuedAt: enqueuedAt) }
    }

    /// The JSON layout's version.
    public static let formatVersion = 1

    public var endpoints: [Endpoint]

    public init(endpoints: [Endpoint] = []) {
        self.endpoints = endpoints
    }

    /// Alerts in all endpoints.
    public var alertCount: Int { endpoints.reduce(0) { $0 + $1.entries.count } }

    /// `{"version":1,"endpoints":[{"endpoint":…,"alerts":[{"batch":…,"enqueuedAt":…,"labels":{…},
    /// "annotations":{…},"startsAt":…,"endsAt":…,"generatorURL":…}]}]}`, times in Unix milliseconds.
    public var json: String {
        var out = "{\"version\":\(QueueSnapshot.formatVersion),\"endpoints\":["
        for (i, endpoint) in endpoints.enumerated() {
            if i > 0 { out.append(",") }
            out.append("{\"endpoint\":")
            PayloadJSON.quote(endpoint.endpoint, into: &out)
            out.append(",\"alerts\":[")
            for (j, entry) in endpoint.entries.enumerated() {
                if j > 0 { out.append(",") }
                out.append("{\"batch\":\(entry.batch),\"enqueuedAt\":\(entry.enqueuedAt),\"labels\":")
                PayloadJSON.object(entry.alert.labels, into: &out)
                out.append(",\"annotations\":")
                PayloadJSON.object(entry.alert.annotations, into: &out)
                out.append(",\"startsAt\":\(entry.alert.startsAt),\"endsAt\":\(entry.alert.endsAt),\"generatorURL\":")
                PayloadJSON.quote(entry.alert.generatorURL, into: &out)
                out.append("}")
            }
            out.append("]}")
        }
        out.append("]}")
        return out
    }

    /// Decodes the form `json` writes. Unknown fields are ignored; a missing or mistyped field is an error
    /// naming where it is.
    public init(json: String) throws(NotifyError) {
        var parser = SnapshotJSONParser(Array(json.utf8))
        let root = try parser.parseDocument()
        guard case .object(let top) = root else { throw NotifyError(.invalidSnapshot, "snapshot: expected an object") }
        guard case .number(let version)? = top["version"], Int(version) == QueueSnapshot.formatVersion else {
            throw NotifyError(.invalidSnapshot, "snapshot: unsupported or missing version")
        }
        guard case .array(let endpointValues)? = top["endpoints"] else {
            throw NotifyError(.invalidSnapshot, "snapshot: missing \"endpoints\"")
        }
        var endpoints: [Endpoint] = []
        for (i, value) in endpointValues.enumerated() {
            let place = "snapshot: endpoints[\(i)]"
            guard case .object(let fields) = value, case .string(let label)? = fields["endpoint"],
                case .array(let alertValues)? = fields["alerts"]
            else { throw NotifyError(.invalidSnapshot, "\(place): expected {\"endpoint\", \"alerts\"}") }
            var entries: [Entry] = []
            for (j, alertValue) in alertValues.enumerated() {
                entries.append(try QueueSnapshot.entry(alertValue, place: "\(place).alerts[\(j)]"))
            }
            endpoints.append(Endpoint(endpoint: label, entries: entries))
        }
        self.init(endpoints: endpoints)
    }

    private static func entry(_ value: SnapshotJSONParser.Value, place: String) throws(NotifyError) -> Entry {
        guard case .object(let fields) = value else { throw NotifyError(.invalidSnapshot, "\(place): expected an object") }
        func integer(_ name: String) throws(NotifyError) -> Int64 {
            guard case .number(let text)? = fields[name], let n = Int64(text) else {
                throw NotifyError(.invalidSnapshot, "\(place): \"\(name)\" must be an integer")
            }
            return n
        }
        func pairs(_ name: String) throws(NotifyError) -> [Label] {
            guard case .object(let map)? = fields[name] else {
                throw NotifyError(.invalidSnapshot, "\(place): \"\(name)\" must be an object")
            }
            var out: [Label] = []
            for (key, value) in map {
                guard case .string(let text) = value else {
                    throw NotifyError(.invalidSnapshot, "\(place): \"\(name)\".\"\(key)\" must be a string")
                }
                out.append(Label(key, text))
            }
            return out
        }
        let batch = try integer("batch")
        guard batch >= 0 else { throw NotifyError(.invalidSnapshot, "\(place): \"batch\" must not be negative") }
        var generatorURL = ""
        if let value = fields["generatorURL"] {
            guard case .string(let text) = value else {
                throw NotifyError(.invalidSnapshot, "\(place): \"generatorURL\" must be a string")
            }
            generatorURL = text
        }
        let alert = NotificationAlert(
            labels: Labels(try pairs("labels")), annotations: try pairs("annotations"), startsAt: try integer("startsAt"),
            endsAt: try integer("endsAt"), generatorURL: generatorURL)
        return Entry(alert: alert, batch: UInt64(batch), enqueuedAt: try integer("enqueuedAt"))
    }
}
