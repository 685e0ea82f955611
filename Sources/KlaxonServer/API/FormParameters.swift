/// The parameters of an API request as Go's `http.Request.Form` holds them: the URL query plus, for a
/// `POST` with `application/x-www-form-urlencoded`, the body's; body values come first (so `FormValue`
/// prefers them), repeated names keep every value (`match[]`).
public struct FormParameters: Sendable, Equatable {
    public private(set) var pairs: [(name: String, value: String)]

    public init(_ pairs: [(name: String, value: String)] = []) {
        self.pairs = pairs
    }

    /// Parses `a=1&b=2&match[]=x` (percent-decoding, `+` as space).
    public init(urlEncoded text: String) {
        pairs = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let keyValue = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(keyValue[0])
            let value = keyValue.count > 1 ? Self.decode(keyValue[1]) : ""
            pairs.append((name, value))
        }
    }

    /// Body parameters first, then the query's.
    public init(query: String?, body: String?) {
        let fromBody = body.map(FormParameters.init(urlEncoded:))?.pairs ?? []
        let fromQuery = query.map(FormParameters.init(urlEncoded:))?.pairs ?? []
        self.init(fromBody + fromQuery)
    }

    /// The first value of `name`, "" when absent (Go's `FormValue`).
    public func value(_ name: String) -> String {
        pairs.first { $0.name == name }?.value ?? ""
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// Adds a value (route parameters, tests).
    public mutating func append(_ name: String, _ value: String) {
        pairs.append((name, value))
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.pairs.map { [$0.name, $0.value] } == b.pairs.map { [$0.name, $0.value] }
    }

    /// Percent-decoding with `+` as space; a malformed escape is kept literally.
    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if iterator.count >= 2, let high = hexValue(iterator[iterator.startIndex]),
                    let low = hexValue(iterator[iterator.startIndex + 1])
                {
                    bytes.append(high << 4 | low)
                    iterator = iterator.dropFirst(2)
                } else {
                    bytes.append(byte)
                }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
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
