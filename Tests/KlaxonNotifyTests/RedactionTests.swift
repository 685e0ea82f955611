import Testing
@testable import KlaxonNotify

@Suite struct RedactionTests {
    @Test(
        "passwords, query values and fragments are masked; users, hosts and paths stay",
        arguments: [
            ("http://user:s3cret@host:9093/api", "http://user:xxxxx@host:9093/api"),
            ("https://hooks.example/x?token=abc&team=ops", "https://hooks.example/x?token=xxxxx&team=xxxxx"),
            ("https://u:p@h/p?k=v#frag", "https://u:xxxxx@h/p?k=xxxxx#xxxxx"),
            ("http://onlyuser@host/", "http://onlyuser@host/"),
            ("http://host:9093", "http://host:9093"),
            ("http://h/?bare&k=", "http://h/?xxxxx&k=xxxxx"),
            ("http://u:p%40ss@h/", "http://u:xxxxx@h/"),
            ("not a url", "not a url"),
            ("", ""),
        ])
    func redactURL(url: String, expected: String) {
        #expect(Redaction.redactURL(url) == expected)
    }

    @Test("the endpoint label has no userinfo, query or fragment")
    func endpointLabel() {
        #expect(Redaction.endpointLabel(forURL: "https://u:p@hooks.example:8443/a/b?token=t#f") == "https://hooks.example:8443/a/b")
    }

    @Test("URLs inside messages are redacted and known secrets masked")
    func scrub() {
        let message = #"Post "http://alice:pw123@am:9093/api/v2/alerts?key=k1": dial tcp: refused, token Bearer-abc"#
        let scrubbed = Redaction.scrub(message, secrets: ["Bearer-abc", ""])
        #expect(scrubbed == #"Post "http://alice:xxxxx@am:9093/api/v2/alerts?key=xxxxx": dial tcp: refused, token xxxxx"#)
        #expect(!scrubbed.contains("pw123"))
    }

    @Test("a URL's secrets are its password, raw and decoded, and its query values")
    func secretsInURL() {
        let secrets = Set(Redaction.secrets(inURL: "https://u:p%40ss@h/x?token=ab%2Bcd&flag&team=ops"))
        #expect(secrets == ["p%40ss", "p@ss", "ab%2Bcd", "ab+cd", "flag"])
    }

    @Test("userinfo is split off with percent-decoding")
    func splitUserinfo() {
        let split = Redaction.splitUserinfo("https://al%20ice:p%40ss@h:1/x?q=1")
        #expect(split?.url == "https://h:1/x?q=1")
        #expect(split?.user == "al ice")
        #expect(split?.password == "p@ss")
        #expect(Redaction.splitUserinfo("https://h/x") == nil)
    }

    @Test("odd input never traps", arguments: ["://", "a://@", "%", "%zz", "http://[::1]:80/?#", "x://u:@/"])
    func oddInput(text: String) {
        _ = Redaction.redactURL(text)
        _ = Redaction.scrub(text, secrets: [text])
        _ = Redaction.percentDecode(text)
        #expect(!Redaction.endpointLabel(forURL: text).contains("@"))
    }
}
