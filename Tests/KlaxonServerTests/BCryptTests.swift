import Foundation
import KlaxonModel
import Testing

@testable import KlaxonServer

/// bcrypt against hashes made by the system's crypt(3) (libxcrypt) and the OpenBSD test vectors.
@Suite struct BCryptTests {
    @Test(
        "bcrypt matches crypt(3)",
        arguments: [
            ("", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy"),
            ("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
            (
                "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored",
                "$2b$04$abcdefghijklmnopqrstuuRAip/W0RPQX4QKkqYqXE3GIXWH518Sm"
            ),
            ("ünïcödé", "$2y$04$0123456789ABCDEFGHIJK.xagh8iB4qa7tqdCpvMXnV7kyjGLFupW"),
        ] as [(String, String)])
    func vectors(password: String, hash: String) throws {
        let parsed = try BCrypt.parse(hash)
        #expect(BCrypt.verify(Array(password.utf8), hash: parsed))
        #expect(!BCrypt.verify(Array(("x" + password).utf8), hash: parsed))
        #expect(password.utf8.count <= 72 || BCrypt.verify(Array((password + "x").utf8), hash: parsed))  // only 72 bytes count
        #expect(
            BCrypt.hash(Array(password.utf8), salt: parsed.salt, cost: parsed.cost).dropFirst(4) == hash.dropFirst(4))
    }

    @Test(
        "malformed hashes are refused",
        arguments: ["$2y$10$short", "$2y$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "$1$abc"])
    func malformed(hash: String) {
        #expect(throws: BCrypt.FormatError.self) { try BCrypt.parse(hash) }
    }
}
