package com.defernowork.gateway.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.defernowork.gateway.testsupport.TestCertificate;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An MCP client's web site: serves Client ID Metadata Documents over HTTPS at
 * {@code https://localhost:<port>/…}, with a certificate from the test CA that the auth
 * server under test trusts, and counts how often each is fetched.
 */
public final class MetadataDocumentHost implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpsServer server;

	private final Map<String, byte[]> documents = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();

	private MetadataDocumentHost(HttpsServer server) {
		this.server = server;
	}

	public static MetadataDocumentHost start(TestCertificate certificate) {
		try {
			HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
			server.setHttpsConfigurator(new HttpsConfigurator(serverContext(certificate.keyStore())));
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			MetadataDocumentHost host = new MetadataDocumentHost(server);
			server.createContext("/", host::answer);
			server.start();
			return host;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Publishes a public client's document at {@code path} and returns its URL, which is
	 * also its {@code client_id}.
	 */
	public String publish(String path, String clientName, List<String> redirectUris) {
		String url = url(path);
		ObjectNode document = JSON.createObjectNode()
			.put("client_id", url)
			.put("client_name", clientName)
			.put("token_endpoint_auth_method", "none");
		redirectUris.forEach(document.putArray("redirect_uris")::add);
		document.putArray("grant_types").add("authorization_code").add("refresh_token");
		document.putArray("response_types").add("code");
		this.documents.put(path, JSON.writeValueAsBytes(document));
		return url;
	}

	/** Where a document at {@code path} is (or would be) served. */
	public String url(String path) {
		return "https://localhost:" + this.server.getAddress().getPort() + path;
	}

	public int fetches(String path) {
		AtomicInteger count = this.fetches.get(path);
		return (count != null) ? count.get() : 0;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			this.fetches.computeIfAbsent(path, (key) -> new AtomicInteger()).incrementAndGet();
			byte[] document = this.documents.get(path);
			if (document == null) {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.getResponseHeaders().set("Cache-Control", "max-age=300");
			exchange.sendResponseHeaders(200, document.length);
			exchange.getResponseBody().write(document);
		}
	}

	private static SSLContext serverContext(Path keyStorePath) {
		try (InputStream in = Files.newInputStream(keyStorePath)) {
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(in, TestCertificate.PASSWORD.toCharArray());
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(keyStore, TestCertificate.PASSWORD.toCharArray());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), null, null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
