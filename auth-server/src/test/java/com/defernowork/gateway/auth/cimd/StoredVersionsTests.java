package com.defernowork.gateway.auth.cimd;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;

class StoredVersionsTests {

	@Test
	void putWhenManyLargeDocumentClientsThenWhatIsKeptStaysWithinTheBudget() {
		StoredVersions versions = new StoredVersions();
		// the largest a 5 KB document makes: 47 redirect URIs of about 90 characters
		for (int i = 0; i < 10_000; i++) {
			String url = "https://apps.example/clients/" + i + ".json";
			versions.put(url, client(url, 47, 90));
		}

		// 10,000 of them weigh about 130 MB
		assertThat(versions.weightKb()).isPositive().isLessThanOrEqualTo(StoredVersions.BUDGET_KB);
	}

	@Test
	void weightKbWhenLongerStringsThenHeavier() {
		String url = "https://apps.example/client.json";
		int small = StoredVersions.weightKb(url, client(url, 1, 30));
		int large = StoredVersions.weightKb(url, client(url, 47, 90));
		assertThat(small).isGreaterThanOrEqualTo(6);
		assertThat(large).isGreaterThan(small + 5);
	}

	@Test
	void getWhenForgottenThenNone() {
		StoredVersions versions = new StoredVersions();
		String url = "https://apps.example/client.json";
		versions.put(url, client(url, 1, 30));
		versions.forget(url);
		assertThat(versions.get(url)).isNull();
	}

	private static RegisteredClient client(String url, int redirects, int length) {
		RegisteredClient.Builder builder = RegisteredClient.withId(url)
			.clientId(url)
			.clientName("A client")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE);
		IntStream.range(0, redirects)
			.forEach((i) -> builder.redirectUri("https://apps.example/" + "c".repeat(length - 30) + "/" + i));
		return builder.build();
	}

}
