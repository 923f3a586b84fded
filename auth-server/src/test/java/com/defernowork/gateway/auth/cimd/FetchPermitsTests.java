package com.defernowork.gateway.auth.cimd;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.cimd.ClientDocumentException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FetchPermitsTests {

	private final FetchPermits permits = new FetchPermits(16);

	@Test
	void acquireWhenOneCallerNamesSlowDocumentsOnManySitesThenHeldToItsShareWhileOthersGoOn() {
		FetchPermits.Permit first = this.permits.acquire("a.example", "203.0.113.7");
		this.permits.acquire("b.example", "203.0.113.7");

		assertThatExceptionOfType(ClientDocumentException.class)
			.isThrownBy(() -> this.permits.acquire("c.example", "203.0.113.7"))
			.satisfies((refused) -> assertThat(refused.reason()).isEqualTo(Reason.UNAVAILABLE))
			.withMessageContaining("already fetching 2 client metadata documents for requests from your network");
		assertThat(this.permits.acquire("c.example", "198.51.100.1")).isNotNull();
		first.close();
		assertThat(this.permits.acquire("c.example", "203.0.113.7")).isNotNull();
	}

	@Test
	void acquireWhenManyCallersNameOneSiteThenItsShareOnlyAndOutsideARequestTheSiteAlone() {
		this.permits.acquire("slow.example", "203.0.113.1");
		this.permits.acquire("slow.example", "203.0.113.2");

		assertThatExceptionOfType(ClientDocumentException.class)
			.isThrownBy(() -> this.permits.acquire("slow.example", "203.0.113.3"))
			.withMessageContaining("already fetching 2 client metadata documents from slow.example");
		assertThatExceptionOfType(ClientDocumentException.class)
			.isThrownBy(() -> this.permits.acquire("slow.example", null))
			.withMessageContaining("from slow.example");
		this.permits.acquire("other.example", null).close();
		this.permits.acquire("other.example", null);
		assertThat(this.permits.acquire("other.example", "203.0.113.3")).as("the site's second").isNotNull();
	}

}
