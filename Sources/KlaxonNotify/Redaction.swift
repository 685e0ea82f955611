/// Keeps credentials out of logs, error messages and metric labels.
///
/// `redactURL` masks what Go's `url.Redacted` masks (the password of `user:password@`) and, because tokens
/// travel there too, every query value and the fragment: `https://u:pw@host/hook?token=abc` →
/// `https://u:xxxxx@host/hook?token=xxxxx`. Paths are kept: they are what tells endpoints apart in logs.
public enum Redaction {
    /// What a secret is replaced with (Go's `url.Redacted` spelling).
    public static let mask = "xxxxx"

    /// The URL with its password, query values and fragment masked.
    public static func redactURL(_ url: String) -> String {
        let parts = URLParts(url)
        var out = parts.scheme.map { $0 + "://" } ?? ""
        if let user = parts.user {
            out += user
            if parts.password != nil { out += ":" + mask }
            out += "@"
        }
        out += parts.host + parts.path
        if let query = parts.query {
            out += "?" + redactQuery(query)
        }
        if let fragment = parts.fragment, !fragment.isEmpty { out += "#" + mask }
        return out
    }

    /// The URL without userinfo, query or fragment: `scheme://host:port/path`, the `endpoint` metric label.
    public static func endpointLabel(forURL url: String) -> String {
        let parts = URLParts(url)
        return (parts.scheme.map { $0 + "://" } ?? "") + parts.host + parts.path
    }

    /// `text` with every occurrence of a non-empty `secret` masked (longest first), then every URL-looking
    /// substring (`scheme://…` up to whitespace or a quote) redacted.
    public static func scrub(_ text: String, secrets: some Sequence<String> = [String]()) -> String {
        var out = text
        for secret in Set(secrets).filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            out = out.replacing(secret, with: mask)
        }
        return redactEmbeddedURLs(out)
    }

    /// Query values shorter than this are not treated as secrets outside URLs (inside URLs every value is
    /// masked anyway): masking a value like `x` everywhere in a message would garble it without hiding a token.
    public static let minimumQuerySecretLength = 4

    /// The secrets a URL carries: its password (raw and decoded) and its query values of at least
    /// `minimumQuerySecretLength` characters (raw and decoded).
    public static func secrets(inURL url: String) -> [String] {
        let parts = URLParts(url)
        var found: [String] = []
        if let password = parts.password, !password.isEmpty {
            found.append(password)
            found.append(percentDecode(password))
        }
        if let query = parts.query {
            for item in query.split(separator: "&") {
                let value = item.firstIndex(of: "=").map { String(item[item.index(after: $0)...]) } ?? String(item)
                found += [value, percentDecode(value)].filter { $0.count >= minimumQuerySecretLength }
            }
        }
        return found.filter { !$0.isEmpty }
    }

    /// Splits `user:password@` off a URL: the URL without it and the decoded user and password (nil when the
    /// URL has no userinfo).
    static func splitUserinfo(_ url: String) -> (url: String, user: String, password: String)? {
        let parts = URLParts(url)
        guard let user = parts.user else { return nil }
        var out = parts.scheme.map { $0 + "://" } ?? ""
        out += parts.host + parts.path
        if let query = parts.query { out += "?" + query }
        if let fragment = parts.fragment { out += "#" + fragment }
        return (out, percentDecode(user), percentDecode(parts.password ?? ""))
    }

    private static func redactQuery(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { item -> String in
            if let eq = item.firstIndex(of: "=") { return String(item[..<eq]) + "=" + mask }
            return item.isEmpty ? "" : mask
        }.joined(separator: "&")
    }

    private static func redactEmbeddedURLs(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        var copiedUpTo = 0
        while i + 2 < scalars.count {
            guard scalars[i] == ":", scalars[i + 1] == "/", scalars[i + 2] == "/" else {
                i += 1
                continue
            }
            var start = i
            while start > copiedUpTo, isSchemeScalar(scalars[start - 1]) { start -= 1 }
            var end = i + 3
            while end < scalars.count, !isURLTerminator(scalars[end]) { end += 1 }
            out.append(contentsOf: scalars[copiedUpTo..<start])
            var url = String.UnicodeScalarView()
            url.append(contentsOf: scalars[start..<end])
            out.append(contentsOf: redactURL(String(url)).unicodeScalars)
            copiedUpTo = end
            i = end
        }
        out.append(contentsOf: scalars[copiedUpTo...])
        return String(out)
    }

    private static func isSchemeScalar(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "+" || s == "-" || s == "."
    }

    private static func isURLTerminator(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s == "\"" || s == "'" || s == "<" || s == ">" || s == "`"
    }

    /// `%XX` sequences decoded as UTF-8 (invalid ones kept as written).
    static func percentDecode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// A URL cut into the pieces redaction needs, without validating it (any string splits somehow).
struct URLParts {
    var scheme: String?
    var user: String?
    var password: String?
    var host: String
    var path: String
    var query: String?
    var fragment: String?

    init(_ url: String) {
        var rest = Substring(url)
        if let range = rest.firstRange(of: "://") {
            scheme = String(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            var authority = rest[..<authorityEnd]
            rest = rest[authorityEnd...]
            if let at = authority.lastIndex(of: "@") {
                let userinfo = authority[..<at]
                authority = authority[authority.index(after: at)...]
                if let colon = userinfo.firstIndex(of: ":") {
                    user = String(userinfo[..<colon])
                    password = String(userinfo[userinfo.index(after: colon)...])
                } else {
                    user = String(userinfo)
                }
            }
            host = String(authority)
        } else {
            host = ""
        }
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        path = String(rest)
    }
}
