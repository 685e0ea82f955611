/// Go's `net.SplitHostPort`, `net.ParseIP` and `net.JoinHostPort`, as `stripPort` and `stripDomain` use them.
enum GoNet {
    /// `net.SplitHostPort`; nil where Go returns an error.
    static func splitHostPort(_ hostport: String) -> (host: String, port: String)? {
        let b = Array(hostport.utf8)
        guard let i = b.lastIndex(of: UInt8(ascii: ":")) else { return nil }
        var host: [UInt8]
        var j = 0
        var k = 0
        if b.first == UInt8(ascii: "[") {
            guard let end = b.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            switch end + 1 {
            case b.count: return nil
            case i: break
            default: return nil
            }
            host = Array(b[1..<end])
            (j, k) = (1, end + 1)
        } else {
            host = Array(b[..<i])
            if host.contains(UInt8(ascii: ":")) { return nil }
        }
        if b[j...].contains(UInt8(ascii: "[")) { return nil }
        if b[k...].contains(UInt8(ascii: "]")) { return nil }
        return (String(decoding: host, as: UTF8.self), String(decoding: b[(i + 1)...], as: UTF8.self))
    }

    /// Prometheus's `stripDomain`: keeps the first DNS label of a host name (and the port); IP addresses and
    /// anything else are returned unchanged.
    static func stripDomain(_ hostPort: String) -> String {
        var host = hostPort
        var port = ""
        if let split = splitHostPort(hostPort) { (host, port) = split }
        if isIP(host) { return hostPort }
        host = String(host.split(separator: ".", omittingEmptySubsequences: false).first ?? "")
        if !port.isEmpty { return joinHostPort(host, port) }
        return host
    }

    /// `net.JoinHostPort`.
    static func joinHostPort(_ host: String, _ port: String) -> String {
        host.contains(":") ? "[" + host + "]:" + port : host + ":" + port
    }

    /// Whether `net.ParseIP` accepts `s` (dotted IPv4 without leading zeros, or IPv6 without a zone).
    static func isIP(_ s: String) -> Bool { isIPv4(Substring(s)) || isIPv6(s) }

    private static func isIPv4(_ s: Substring) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
            if part.count > 1 && part.first == "0" { return false }
            guard let v = Int(part), v <= 255 else { return false }
        }
        return true
    }

    private static func isIPv6(_ s: String) -> Bool {
        var text = Substring(s)
        var groups = 0
        var ellipsis = false
        if text.hasPrefix("::") {
            ellipsis = true
            text = text.dropFirst(2)
            if text.isEmpty { return true }
        }
        while !text.isEmpty {
            // An embedded IPv4 address takes the last two groups.
            if text.contains("."), !text.contains(":") {
                guard isIPv4(text) else { return false }
                groups += 2
                text = ""
                break
            }
            var n = 0
            while n < text.count, n < 5, let c = text.dropFirst(n).first, c.isHexDigit { n += 1 }
            guard n > 0, n <= 4 else { return false }
            groups += 1
            text = text.dropFirst(n)
            if text.isEmpty { break }
            guard text.first == ":" else { return false }
            text = text.dropFirst()
            if text.first == ":" {
                if ellipsis { return false }
                ellipsis = true
                text = text.dropFirst()
                if text.isEmpty { break }
            } else if text.isEmpty {
                return false
            }
            if groups > 8 { return false }
        }
        return ellipsis ? groups < 8 : groups == 8
    }
}
