package com.defernowork.gateway.auth.storage.redis;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import com.defernowork.gateway.auth.storage.StorageFixtures;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.jackson.OAuth2AuthorizationServerJacksonModule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class StorageJsonTests {

	private final StorageJson json = new StorageJson();

	private Map<String, Object> roundTrip(Map<String, Object> map) {
		return this.json.readMap(this.json.writeMap(map));
	}

	@Test
	void readMapWhenImmutableJdkCollectionsWrittenThenReadBackAsEqualCollections() {
		Map<String, Object> back = roundTrip(Map.of("set", Set.of("a", "b"), "list", List.of(1, 2), "single",
				Collections.singletonList("x"), "nested", Map.of("at", Instant.EPOCH, "aud", List.of("r"))));

		assertThat(back.get("set")).isEqualTo(Set.of("a", "b"));
		assertThat(back.get("list")).isEqualTo(new ArrayList<>(List.of(1, 2)));
		assertThat(back.get("single")).isEqualTo(List.of("x"));
		assertThat(back.get("nested")).isEqualTo(Map.of("at", Instant.EPOCH, "aud", List.of("r")));
	}

	@Test
	void readMapWhenRequestHasRepeatedParameterThenArrayReadBack() {
		// SAS keeps a parameter sent twice as String[] in the request's additional
		// parameters
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("http://localhost:9000/oauth2/authorize")
			.clientId("c")
			.additionalParameters(Map.of("resource", new String[] { StorageFixtures.RESOURCE, "http://other/mcp" }))
			.build();

		Map<String, Object> back = roundTrip(Map.of("request", request));

		OAuth2AuthorizationRequest read = (OAuth2AuthorizationRequest) back.get("request");
		assertThat((String[]) read.getAdditionalParameters().get("resource")).containsExactly(StorageFixtures.RESOURCE,
				"http://other/mcp");
	}

	@Test
	void readMapWhenRequestThenReadAsTheFrameworkReadsIt() {
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("http://localhost:9000/oauth2/authorize")
			.clientId("c")
			.redirectUri("http://127.0.0.1:6276/callback")
			.scopes(Set.of("tasks:read", "profile:read"))
			.state("s")
			.additionalParameters(Map.of("resource", new String[] { StorageFixtures.RESOURCE, "http://other/mcp" },
					"code_challenge", "abc", "max_age", 30))
			.attributes(Map.of("nonce", "n", "at", Instant.EPOCH, "list", new ArrayList<>(List.of("x"))))
			.build();
		String written = this.json.writeMap(Map.of("request", request));

		OAuth2AuthorizationRequest read = (OAuth2AuthorizationRequest) this.json.readMap(written).get("request");
		OAuth2AuthorizationRequest framework = (OAuth2AuthorizationRequest) frameworkMapper()
			.readValue(written, Map.class)
			.get("request");

		assertThat(read).usingRecursiveComparison().isEqualTo(framework);
		assertThat(read).usingRecursiveComparison().isEqualTo(request);
	}

	@Test
	void readMapWhenStoredRequestHoldsTypeOutsideAllowListThenRefused() {
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("http://localhost:9000/oauth2/authorize")
			.clientId("c")
			.attributes(Map.of("evil", "placeholder"))
			.additionalParameters(Map.of("also", "placeholder"))
			.build();
		String written = this.json.writeMap(Map.of("request", request));
		assertThat(written).contains("\"evil\":\"placeholder\"", "\"also\":\"placeholder\"");

		assertThatException().isThrownBy(() -> this.json
			.readMap(written.replace("\"evil\":\"placeholder\"", "\"evil\":[\"java.net.URI\",\"http://x\"]")));
		assertThatException().isThrownBy(() -> this.json
			.readMap(written.replace("\"also\":\"placeholder\"", "\"also\":[\"java.net.URI\",\"http://x\"]")));
	}

	/** StorageJson's mapper without AuthorizationRequestDeserializer. */
	private static JsonMapper frameworkMapper() {
		BasicPolymorphicTypeValidator.Builder allowList = BasicPolymorphicTypeValidator.builder();
		OAuth2AuthorizationServerJacksonModule authorizationServer = new OAuth2AuthorizationServerJacksonModule();
		GatewayJacksonModule gateway = new GatewayJacksonModule();
		authorizationServer.configurePolymorphicTypeValidator(allowList);
		gateway.configurePolymorphicTypeValidator(allowList);
		return JsonMapper.builder()
			.addModules(SecurityJacksonModules.getModules(StorageJsonTests.class.getClassLoader(), allowList))
			.addModules(authorizationServer, gateway)
			.build();
	}

	@Test
	void readMapWhenSecurityTypesThenReadBack() {
		UsernamePasswordAuthenticationToken login = UsernamePasswordAuthenticationToken.authenticated(
				new User("alice", "", AuthorityUtils.createAuthorityList("ROLE_USER")), null,
				AuthorityUtils.createAuthorityList("ROLE_USER"));

		assertThat(roundTrip(Map.of("principal", login)).get("principal")).isEqualTo(login);
	}

	@Test
	void readMapWhenTypeOutsideAllowListThenRefused() {
		String written = this.json.writeMap(Map.of("uri", URI.create("http://x")));

		assertThatException().isThrownBy(() -> this.json.readMap(written));
	}

}
