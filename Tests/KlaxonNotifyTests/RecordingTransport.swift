import KlaxonModel
import Synchronization

/// An `HTTPTransport` that records every request and answers from a script, without sockets.
final class RecordingTransport: HTTPTransport {
    /// How to answer the n-th request (0-based).
    typealias Script = @Sendable (_ index: Int, _ request: HTTPRequest) throws -> HTTPResponse

    private let recorded = Mutex<[HTTPRequest]>([])
    private let script: Script
    private let events: AsyncStream<HTTPRequest>.Continuation
    /// Yields each request as it is received.
    let requestsStream: AsyncStream<HTTPRequest>

    init(script: @escaping Script = { _, _ in HTTPResponse(status: 200) }) {
        self.script = script
        (requestsStream, events) = AsyncStream.makeStream(of: HTTPRequest.self)
    }

    /// Answers every request with `status`.
    convenience init(status: Int) {
        self.init(script: { _, _ in HTTPResponse(status: status) })
    }

    var requests: [HTTPRequest] { recorded.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let index = recorded.withLock { list -> Int in
            list.append(request)
            return list.count - 1
        }
        events.yield(request)
        return try script(index, request)
    }
}

extension HTTPRequest {
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A switch a test flips to bring a fake receiver up or down.
final class ReceiverSwitch: Sendable {
    private let up = Atomic<Bool>(false)
    func set(up value: Bool) { up.store(value, ordering: .sequentiallyConsistent) }
    var isUp: Bool { up.load(ordering: .sequentiallyConsistent) }
}
