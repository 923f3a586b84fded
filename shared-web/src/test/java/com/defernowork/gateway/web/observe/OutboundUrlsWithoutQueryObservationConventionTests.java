package com.defernowork.gateway.web.observe;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.mock.http.client.MockClientHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundUrlsWithoutQueryObservationConventionTests {

	private final OutboundUrlsWithoutQueryObservationConvention convention = new OutboundUrlsWithoutQueryObservationConvention();

	@Test
	void httpUrlWhenTheCallHasAQueryThenWithoutItNorCredentialsNorFragment() {
		assertThat(url("https://user:secret@deferno.example:8443/api/tasks/search?q=divorce+lawyer#top"))
			.isEqualTo("https://deferno.example:8443/api/tasks/search");
		assertThat(url("http://127.0.0.1:3000/api/items/by-ref/acme-9"))
			.isEqualTo("http://127.0.0.1:3000/api/items/by-ref/acme-9");
	}

	@Test
	void uriTagWhenTheCallHasAQueryThenStillTheDefaultTemplate() {
		ClientRequestObservationContext context = context("http://127.0.0.1:3000/api/items?limit=5");
		context.setUriTemplate("/api/items?{query}");
		assertThat(this.convention.getLowCardinalityKeyValues(context).stream())
			.anySatisfy((keyValue) -> assertThat(keyValue.getValue()).isEqualTo("/api/items?{query}"));
	}

	private String url(String uri) {
		return this.convention.getHighCardinalityKeyValues(context(uri))
			.stream()
			.filter((keyValue) -> keyValue.getKey().equals("http.url"))
			.findFirst()
			.orElseThrow()
			.getValue();
	}

	private static ClientRequestObservationContext context(String uri) {
		return new ClientRequestObservationContext(new MockClientHttpRequest(HttpMethod.GET, URI.create(uri)));
	}

}
