package com.defernowork.gateway.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost}, made with the JDK's keytool and written as the PEM files the
 * production nginx configuration mounts ({@code fullchain.pem}, {@code privkey.pem}).
 */
public final class TestCertificate {

	private final X509Certificate certificate;

	private TestCertificate(X509Certificate certificate) {
		this.certificate = certificate;
	}

	public static TestCertificate writeTo(Path dir) {
		try {
			Files.createDirectories(dir);
			Path keystore = dir.resolve("localhost.p12");
			String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
			Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "localhost", "-keyalg", "EC",
					"-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
					"-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass",
					"changeit")
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("keytool failed: " + output);
			}
			KeyStore store = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(keystore)) {
				store.load(in, "changeit".toCharArray());
			}
			PrivateKey key = (PrivateKey) store.getKey("localhost", "changeit".toCharArray());
			Certificate certificate = store.getCertificate("localhost");
			Files.writeString(dir.resolve("privkey.pem"), pem("PRIVATE KEY", key.getEncoded()));
			Files.writeString(dir.resolve("fullchain.pem"), pem("CERTIFICATE", certificate.getEncoded()));
			return new TestCertificate((X509Certificate) certificate);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An SSL context that trusts this certificate only. */
	public SSLContext sslContext() {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("localhost", this.certificate);
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(String type, byte[] der) {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
		return String.join("\n", List.of("-----BEGIN " + type + "-----", base64, "-----END " + type + "-----", ""));
	}

}
