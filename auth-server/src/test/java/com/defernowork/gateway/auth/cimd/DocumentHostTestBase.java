package com.defernowork.gateway.auth.cimd;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One document host for a test class, with no stubs or requests left over from the
 * previous test, and a fetcher that trusts it, new for each test.
 */
abstract class DocumentHostTestBase {

	static DocumentHost host;

	final DocumentFetcher fetcher = DocumentHost.fetcher(Duration.ofSeconds(5), 4);

	@BeforeAll
	static void startHost() {
		host = new DocumentHost();
	}

	@AfterAll
	static void stopHost() {
		// the field outlives the class: the next subclass must not close it again
		if (host != null) {
			host.close();
			host = null;
		}
	}

	@BeforeEach
	void forgetStubsAndRequests() {
		host.server.resetAll();
	}

	@AfterEach
	void closeFetcher() {
		this.fetcher.close();
	}

}
