import Foundation
public import HummingbirdTLS
public import KlaxonModel
import NIOCore
import NIOSSL

/// A `tls_server_config` whose certificate, key or client CAs cannot be used; `key` names the setting.
public struct WebTLSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `tls_server_config` key the problem belongs to (`cert_file`, `key`, …).
    public var key: String
    /// exporter-toolkit's wording where it has one (`failed to read cert_file (…): …`).
    public var message: String

    public var description: String { message }
}

extension WebTLSConfig {
    /// Reads the certificate, key and client CAs and builds the listener's TLS settings (BoringSSL through
    /// NIOSSL). Everything is checked here, key against certificate included, so that a bad file stops
    /// startup with an error instead of failing every handshake.
    public func makeChannelConfiguration() throws(WebTLSError) -> TLSChannelConfiguration {
        let chain = try certificates(certificate, fileKey: "cert_file", inlineKey: "cert") { message in
            "failed to load X509KeyPair: " + message
        }
        let key: NIOSSLPrivateKey
        let keyBytes = try bytes(privateKey, fileKey: "key_file", inlineKey: "key")
        do {
            key = try NIOSSLPrivateKey(bytes: keyBytes, format: .pem)
        } catch {
            throw WebTLSError(
                key: keyName(privateKey, "key_file", "key"),
                message: "failed to load X509KeyPair: cannot parse the private key: \(error)")
        }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = minVersion.nioVersion
        tls.maximumTLSVersion = maxVersion.nioVersion
        tls.applicationProtocols = ["http/1.1"]
        if let clientCA {
            let roots = try certificates(clientCA, fileKey: "client_ca_file", inlineKey: "client_ca") { message in
                "failed to load client CA certificates: " + message
            }
            tls.trustRoots = .certificates(roots)
            tls.sendCANameList = true
        }
        var acceptAnyCertificate = false
        switch clientAuth {
        case .noClientCert:
            tls.certificateVerification = .none
        case .requestClientCert:
            tls.certificateVerification = .optionalVerification
            acceptAnyCertificate = true
        case .requireAnyClientCert:
            tls.certificateVerification = .noHostnameVerification
            acceptAnyCertificate = true
        case .verifyClientCertIfGiven:
            tls.certificateVerification = .optionalVerification
        case .requireAndVerifyClientCert:
            tls.certificateVerification = .noHostnameVerification
        }
        do {
            _ = try NIOSSLContext(configuration: tls)
        } catch {
            throw WebTLSError(
                key: keyName(privateKey, "key_file", "key"),
                message:
                    "failed to load X509KeyPair: the private key does not match the certificate or is unusable: \(error)"
            )
        }
        guard acceptAnyCertificate else { return TLSChannelConfiguration(tlsConfiguration: tls) }
        // Go's RequestClientCert and RequireAnyClientCert take any certificate without verifying it; the
        // verify mode above still decides whether one is asked for or required.
        return TLSChannelConfiguration(tlsConfiguration: tls) { _, promise in promise.succeed(.certificateVerified) }
    }

    /// The `Diagnostic` for an error of `makeChannelConfiguration()`, at the key it belongs to.
    public func diagnostic(for error: WebTLSError) -> Diagnostic {
        Diagnostic(.error, code: "config.invalid-web-config", message: error.message, span: span(of: error.key))
    }

    private func keyName(_ source: PEMSource, _ fileKey: String, _ inlineKey: String) -> String {
        if case .file = source { return fileKey }
        return inlineKey
    }

    private func bytes(_ source: PEMSource, fileKey: String, inlineKey: String) throws(WebTLSError) -> [UInt8] {
        switch source {
        case .inline(let text):
            return Array(text.utf8)
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                let reason =
                    FileManager.default.fileExists(atPath: path)
                    ? "permission denied or not a regular file" : "no such file or directory"
                throw WebTLSError(key: fileKey, message: "failed to read \(fileKey) (\(path)): open \(path): \(reason)")
            }
            return Array(data)
        }
    }

    private func certificates(
        _ source: PEMSource, fileKey: String, inlineKey: String, describe: (String) -> String
    ) throws(WebTLSError) -> [NIOSSLCertificate] {
        let pem = try bytes(source, fileKey: fileKey, inlineKey: inlineKey)
        let name = keyName(source, fileKey, inlineKey)
        let parsed: [NIOSSLCertificate]
        do {
            parsed = try NIOSSLCertificate.fromPEMBytes(pem)
        } catch {
            throw WebTLSError(key: name, message: describe("cannot parse PEM certificates: \(error)"))
        }
        guard !parsed.isEmpty else {
            throw WebTLSError(key: name, message: describe("failed to find any PEM data in certificate input"))
        }
        return parsed
    }
}

extension WebTLSConfig.Version {
    var nioVersion: TLSVersion {
        switch self {
        case .tls10: .tlsv1
        case .tls11: .tlsv11
        case .tls12: .tlsv12
        case .tls13: .tlsv13
        }
    }
}
