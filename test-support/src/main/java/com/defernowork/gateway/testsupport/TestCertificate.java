package com.defernowork.gateway.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test certificate authority and a server certificate it issued for {@code localhost},
 * {@code 127.0.0.1} and {@code ::1} (plus any DNS names asked for), valid for two days.
 * Written as the PEM files the production nginx configuration mounts
 * ({@code fullchain.pem}, {@code privkey.pem}), as a PKCS12 key store for Java servers
 * ({@code server.p12}) and as a PKCS12 trust store holding only the CA
 * ({@code truststore.p12}), which a JVM under test trusts with
 * {@code -Djavax.net.ssl.trustStore}. Both stores use the password {@value #PASSWORD}.
 */
public final class TestCertificate {

	public static final String PASSWORD = "changeit";

	private final Path dir;

	private final X509Certificate authority;

	private TestCertificate(Path dir, X509Certificate authority) {
		this.dir = dir;
		this.authority = authority;
	}

	/**
	 * A new CA and server certificate for {@code localhost}, its addresses and the given
	 * extra DNS names.
	 */
	public static TestCertificate writeTo(Path dir, String... extraDnsNames) {
		try {
			Files.createDirectories(dir);
			KeyPair caKeys = newKeyPair();
			X500Name caName = new X500Name("CN=Deferno gateway test CA");
			X509Certificate ca = sign(
					new JcaX509v3CertificateBuilder(caName, serial(), notBefore(), notAfter(), caName,
							caKeys.getPublic())
						.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
						.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
					caKeys.getPrivate());

			KeyPair serverKeys = newKeyPair();
			X509Certificate server = sign(serverCertificate(caName, serverKeys.getPublic(), extraDnsNames),
					caKeys.getPrivate());

			KeyStore keyStore = emptyStore();
			keyStore.setKeyEntry("server", serverKeys.getPrivate(), PASSWORD.toCharArray(),
					new Certificate[] { server, ca });
			save(keyStore, dir.resolve("server.p12"));
			KeyStore trustStore = emptyStore();
			trustStore.setCertificateEntry("ca", ca);
			save(trustStore, dir.resolve("truststore.p12"));
			Files.writeString(dir.resolve("privkey.pem"), pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
			Files.writeString(dir.resolve("fullchain.pem"),
					pem("CERTIFICATE", server.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()));
			return new TestCertificate(dir, ca);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The server's key and certificate chain, PKCS12. */
	public Path keyStore() {
		return this.dir.resolve("server.p12");
	}

	/** A PKCS12 trust store holding only the CA. */
	public Path trustStore() {
		return this.dir.resolve("truststore.p12");
	}

	/** An SSL context that trusts this CA only. */
	public SSLContext sslContext() {
		try {
			KeyStore trust = emptyStore();
			trust.setCertificateEntry("ca", this.authority);
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509v3CertificateBuilder serverCertificate(X500Name issuer, PublicKey key, String... extraDnsNames)
			throws IOException {
		List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, "localhost"),
				new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, "::1")));
		for (String name : extraDnsNames) {
			names.add(new GeneralName(GeneralName.dNSName, name));
		}
		return new JcaX509v3CertificateBuilder(issuer, serial(), notBefore(), notAfter(), new X500Name("CN=localhost"),
				key)
			.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
			.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
			.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
			.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
	}

	private static X509Certificate sign(X509v3CertificateBuilder certificate, PrivateKey issuerKey)
			throws OperatorCreationException, GeneralSecurityException {
		return new JcaX509CertificateConverter()
			.getCertificate(certificate.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
	}

	private static KeyPair newKeyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static BigInteger serial() {
		return new BigInteger(64, new SecureRandom());
	}

	private static Date notBefore() {
		return Date.from(Instant.now().minus(Duration.ofHours(1)));
	}

	private static Date notAfter() {
		return Date.from(Instant.now().plus(Duration.ofDays(2)));
	}

	private static KeyStore emptyStore() throws GeneralSecurityException {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			return store;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void save(KeyStore store, Path path) throws IOException, GeneralSecurityException {
		try (OutputStream out = Files.newOutputStream(path)) {
			store.store(out, PASSWORD.toCharArray());
		}
	}

	private static String pem(String type, byte[] der) {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
		return String.join("\n", List.of("-----BEGIN " + type + "-----", base64, "-----END " + type + "-----", ""));
	}

}
