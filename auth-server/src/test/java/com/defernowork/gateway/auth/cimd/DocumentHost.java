package com.defernowork.gateway.auth.cimd;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.TestCertificate;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A client's web site for tests: WireMock over HTTPS on 127.0.0.1 with a certificate from
 * a test CA, reached as {@value #HOST}, a name only the tests' resolver knows and the
 * fetcher's allow-list admits, or as {@code localhost} by a whole auth server, which
 * resolves names as the system does.
 */
final class DocumentHost implements AutoCloseable {

	static final String HOST = "docs.example.test";

	private static TestCertificate certificate;

	final WireMockServer server;

	private final String name;

	DocumentHost() {
		this(HOST);
	}

	DocumentHost(String name) {
		this.name = name;
		this.server = new WireMockServer(wireMockConfig().httpDisabled(true)
			.httpsPort(0)
			.bindAddress("127.0.0.1")
			.keystoreType("PKCS12")
			.keystorePath(certificate().keyStore().toString())
			.keystorePassword(TestCertificate.PASSWORD)
			.keyManagerPassword(TestCertificate.PASSWORD));
		this.server.start();
	}

	static synchronized TestCertificate certificate() {
		if (certificate == null) {
			certificate = TestCertificate.writeTo(Path.of("target", "cimd-certs-" + ProcessHandle.current().pid()),
					HOST);
		}
		return certificate;
	}

	/**
	 * Starts a whole auth server with the JVM's trust-store settings on the test CA (its
	 * document fetcher reads them when it is created, as at a real server's start), then
	 * puts the settings back.
	 */
	static RunningAuthServer startTrusting(Map<String, Object> properties) {
		return startTrusting(properties, null);
	}

	static RunningAuthServer startTrusting(Map<String, Object> properties, Ticker ticker) {
		TestCertificate certificate = certificate();
		Map<String, String> previous = new LinkedHashMap<>();
		Map<String, String> trust = Map.of("javax.net.ssl.trustStore", certificate.trustStore().toString(),
				"javax.net.ssl.trustStorePassword", TestCertificate.PASSWORD, "javax.net.ssl.trustStoreType", "PKCS12");
		trust.keySet().forEach((name) -> previous.put(name, System.getProperty(name)));
		trust.forEach(System::setProperty);
		try {
			return RunningAuthServer.start(RunningAuthServer.freePort(), properties, ticker);
		}
		finally {
			previous.forEach((name, value) -> {
				if (value == null) {
					System.clearProperty(name);
				}
				else {
					System.setProperty(name, value);
				}
			});
		}
	}

	/** Resolves {@value #HOST} to 127.0.0.1 and every other name as the system does. */
	static InetAddress[] resolve(String host) throws UnknownHostException {
		if (HOST.equalsIgnoreCase(host)) {
			return new InetAddress[] { InetAddress.getByAddress(HOST, new byte[] { 127, 0, 0, 1 }) };
		}
		return InetAddress.getAllByName(host);
	}

	/**
	 * A fetcher that trusts the test CA and may fetch from {@value #HOST} although it is
	 * on loopback.
	 */
	static DocumentFetcher fetcher(Duration timeout, int maxConcurrent) {
		return new DocumentFetcher(new VettedDnsResolver(DocumentHost::resolve, List.of(HOST)),
				certificate().sslContext(), Duration.ofSeconds(2), timeout, maxConcurrent, ObservationRegistry.NOOP);
	}

	String url(String path) {
		return "https://" + this.name + ":" + this.server.httpsPort() + path;
	}

	/** A valid document for the path, as its URL. */
	String document(String path, String clientName, String... redirectUris) {
		String url = url(path);
		return "{\"client_id\": \"" + url + "\", \"client_name\": \"" + clientName + "\", \"redirect_uris\": ["
				+ String.join(", ", List.of(redirectUris).stream().map((uri) -> "\"" + uri + "\"").toList()) + "]}";
	}

	int fetches(String path) {
		return this.server.countRequestsMatching(getRequestedFor(urlPathEqualTo(path)).build()).getCount();
	}

	@Override
	public void close() {
		this.server.stop();
	}

}
