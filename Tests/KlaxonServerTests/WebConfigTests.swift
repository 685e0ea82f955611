import Foundation
import KlaxonModel
import Testing

@testable import KlaxonServer

@Suite struct WebConfigTests {
    @Test("SHA-256 matches the FIPS 180-4 examples")
    func sha256() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("basic auth and bearer tokens are checked; bcrypt hashes are refused explicitly")
    func authentication() throws {
        let text = """
            basic_auth_users:
              alice: "{SHA256}\(SHA256.hex(Array("secret".utf8)))"
            bearer_token_sha256:
              - \(SHA256.hex(Array("tok".utf8)))
            """
        let (config, diagnostics) = WebConfig.decode(text, path: "web.yml")
        #expect(diagnostics.isEmpty)
        let auth = WebAuthenticator(config: try #require(config))
        #expect(auth.isAuthorized("Basic " + Base64.encode(Array("alice:secret".utf8))))
        #expect(!auth.isAuthorized("Basic " + Base64.encode(Array("alice:wrong".utf8))))
        #expect(!auth.isAuthorized("Basic " + Base64.encode(Array("bob:secret".utf8))))
        #expect(auth.isAuthorized("Bearer tok"))
        #expect(!auth.isAuthorized("Bearer other"))
        #expect(!auth.isAuthorized(nil))

        let (refused, errors) = WebConfig.decode("basic_auth_users:\n  alice: $2y$10$abc\n", path: "web.yml")
        #expect(refused == nil)
        #expect(errors.first?.description.hasPrefix("web.yml:2:3: error: user \"alice\": not a bcrypt hash") == true)
    }

    @Test("bcrypt hashes from exporter-toolkit's format are verified (and cached)")
    func bcryptUsers() throws {
        let text = "basic_auth_users:\n  alice: $2y$04$0123456789ABCDEFGHIJK.xagh8iB4qa7tqdCpvMXnV7kyjGLFupW\n"
        let (config, diagnostics) = WebConfig.decode(text, path: "web.yml")
        #expect(diagnostics.isEmpty)
        let auth = WebAuthenticator(config: try #require(config))
        let good = "Basic " + Base64.encode(Array("alice:ünïcödé".utf8))
        #expect(auth.isAuthorized(good))
        #expect(auth.isAuthorized(good))  // second time from the cache
        #expect(!auth.isAuthorized("Basic " + Base64.encode(Array("alice:unicode".utf8))))
    }
}
