package com.defernowork.gateway.e2e.clients;

import java.nio.file.Path;
import java.time.Duration;

import com.defernowork.gateway.e2e.support.GatewayStack;
import com.defernowork.gateway.e2e.support.MetadataDocumentHost;
import com.defernowork.gateway.testsupport.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What a real MCP client is tested against: the gateway stack behind nginx, trusting a
 * host of Client ID Metadata Documents, with the Node clients installed and a fresh
 * headless Chromium for each test. A subclass starts it from its own {@code @BeforeAll},
 * with the access-token lifetime its flows need.
 */
abstract class RealClientTestBase {

	static GatewayStack stack;

	static HeadlessChromium browser;

	static NodeClients node;

	static MetadataDocumentHost documents;

	/**
	 * Starts it all; {@code name} keeps the document host's certificate apart from
	 * another test class's.
	 */
	static void startStack(String name, Duration accessTokenTtl) {
		node = NodeClients.installed();
		TestCertificate certificate = TestCertificate
			.writeTo(Path.of("target", "document-host-certs", name).toAbsolutePath());
		documents = MetadataDocumentHost.start(certificate);
		stack = GatewayStack.builder().accessTokenTtl(accessTokenTtl).clientMetadataDocumentsFrom(certificate).start();
	}

	@BeforeEach
	void newBrowser() {
		// a fresh profile per test: each one starts signed out of the gateway and the
		// sandbox
		browser = HeadlessChromium.start();
	}

	@AfterEach
	void closeBrowser() {
		if (browser != null) {
			browser.close();
			browser = null;
		}
	}

	@AfterAll
	static void stopStack() {
		// the fields outlive the class: the next subclass must not close these again
		if (stack != null) {
			stack.close();
			stack = null;
		}
		if (documents != null) {
			documents.close();
			documents = null;
		}
	}

}
