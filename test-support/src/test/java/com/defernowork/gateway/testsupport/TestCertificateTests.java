package com.defernowork.gateway.testsupport;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TestCertificateTests {

	@Test
	void writeToWhenServedThenTrustedForItsNamesOnlyThroughTheCa(@TempDir Path dir) throws Exception {
		TestCertificate certificate = TestCertificate.writeTo(dir, "docs.example.test");
		assertThat(dir).isDirectoryContaining("glob:**/fullchain.pem")
			.isDirectoryContaining("glob:**/privkey.pem")
			.isDirectoryContaining("glob:**/truststore.p12");

		try (SSLServerSocket server = server(certificate.keyStore())) {
			Thread.ofVirtual().start(() -> echoOnce(server));
			assertThat(handshake(certificate.sslContext(), server.getLocalPort(), "docs.example.test")).isEqualTo(42);
		}
		try (SSLServerSocket server = server(certificate.keyStore())) {
			Thread.ofVirtual().start(() -> echoOnce(server));
			assertThatExceptionOfType(javax.net.ssl.SSLHandshakeException.class)
				.isThrownBy(() -> handshake(certificate.sslContext(), server.getLocalPort(), "other.example.test"));
		}
	}

	private static SSLServerSocket server(Path keyStorePath) throws Exception {
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStorePath)) {
			keyStore.load(in, TestCertificate.PASSWORD.toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(keyStore, TestCertificate.PASSWORD.toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), null, null);
		return (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0);
	}

	private static void echoOnce(SSLServerSocket server) {
		try (SSLSocket socket = (SSLSocket) server.accept(); OutputStream out = socket.getOutputStream()) {
			out.write(socket.getInputStream().read());
		}
		catch (Exception ex) {
			// the refused handshake ends here
		}
	}

	/**
	 * Connects to 127.0.0.1 but verifies the certificate against {@code name}, as an
	 * HTTPS client would.
	 */
	private static int handshake(SSLContext context, int port, String name) throws Exception {
		Socket plain = new Socket("127.0.0.1", port);
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, name, port, true)) {
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			socket.setSSLParameters(parameters);
			socket.getOutputStream().write(42);
			socket.getOutputStream().flush();
			return socket.getInputStream().read();
		}
	}

}
