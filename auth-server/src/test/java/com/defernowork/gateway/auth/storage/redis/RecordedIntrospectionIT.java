package com.defernowork.gateway.auth.storage.redis;

import java.net.http.HttpResponse;
import java.util.Map;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.storage.TokenHashes;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Pkce;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Introspection answered from an access token's record gives exactly the framework's
 * answer from the grant, and no record outlives its token's revocation, its replacement
 * by a refresh or its grant.
 */
class RecordedIntrospectionIT extends AuthServerTestBase {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	@Autowired
	private StringRedisTemplate redis;

	@Test
	void introspectWhenRecordedThenTheSameAnswerAsFromTheGrant() {
		Map<String, Object> tokens = grant("recorded").tokens();
		String access = (String) tokens.get("access_token");
		assertThat(this.redis.hasKey(record(access))).isTrue();

		HttpResponse<String> recorded = introspect(access);
		this.redis.delete(record(access));
		HttpResponse<String> fromGrant = introspect(access);

		assertThat(Json.parse(recorded.body())).isEqualTo(Json.parse(fromGrant.body()))
			.containsEntry("active", true)
			.containsKeys("sub", "client_id", "scope", "aud", "exp", "iat", "token_type", "username");
		assertThat(recorded.headers().firstValue("Content-Type"))
			.isEqualTo(fromGrant.headers().firstValue("Content-Type"));
		assertThat(recorded.headers().firstValue("Cache-Control"))
			.isEqualTo(fromGrant.headers().firstValue("Cache-Control"));
	}

	@Test
	void introspectWhenRecordedThenTheRecordAnswersWithoutTheGrant() {
		String access = grant("answering").accessToken();
		String stored = this.redis.opsForValue().get(record(access));
		// a claim only the record has shows who answered
		this.redis.opsForValue().set(record(access), stored.replaceFirst("\\{", "{\"recorded\":true,"));

		assertThat(Json.parse(introspect(access).body())).containsEntry("recorded", true).containsEntry("active", true);
	}

	@Test
	void introspectWhenRecordedClientGoneThenTheGrantAnswers() {
		String access = grant("client-gone").accessToken();
		String stored = this.redis.opsForValue().get(record(access)).replaceFirst("\\{", "{\"recorded\":true,");
		String[] header = stored.substring(0, stored.indexOf('\n')).split("\\|", 3);
		String body = stored.substring(stored.indexOf('\n'));
		this.redis.opsForValue().set(record(access), header[0] + "|" + header[1] + "|no-such-client" + body);

		assertThat(Json.parse(introspect(access).body())).doesNotContainKey("recorded").containsEntry("active", true);
	}

	@Test
	void introspectWhenAccessTokenRevokedThenRecordGoneAndInactive() {
		Grant grant = grant("revoked");
		String access = grant.accessToken();
		assertThat(active(access)).isTrue();

		assertThat(this.flow.revoke(grant.clientId(), access).statusCode()).isEqualTo(200);

		assertThat(this.redis.hasKey(record(access))).isFalse();
		assertThat(active(access)).isFalse();
	}

	@Test
	void introspectWhenRefreshedThenOldRecordGoneAndNewOneAnswers() {
		Grant grant = grant("refreshed");
		String old = grant.accessToken();
		HttpResponse<String> refreshed = this.flow.refresh(grant.clientId(), grant.refreshToken(), RESOURCE);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		String replacement = (String) Json.parse(refreshed.body()).get("access_token");

		assertThat(this.redis.hasKey(record(old))).isFalse();
		assertThat(active(old)).isFalse();
		assertThat(this.redis.hasKey(record(replacement))).isTrue();
		assertThat(active(replacement)).isTrue();
	}

	@Test
	void introspectWhenRefreshTokenRevokedThenGrantsAccessTokenRecordGoneToo() {
		Grant grant = grant("refresh-revoked");
		assertThat(this.flow.revoke(grant.clientId(), grant.refreshToken()).statusCode()).isEqualTo(200);

		assertThat(this.redis.hasKey(record(grant.accessToken()))).isFalse();
		assertThat(active(grant.accessToken())).isFalse();
	}

	@Test
	void introspectWhenRecordUnreadableThenTheGrantAnswers() {
		Grant grant = grant("unreadable");
		String stored = this.redis.opsForValue().get(record(grant.accessToken()));
		String header = stored.substring(0, stored.indexOf('\n'));
		for (String unreadable : new String[] { "not a record", "x|y|z\n{}", "-|-|client\n{}", header + "\nnot json",
				header + "\n{\"active\":true,\"scope\":7}" }) {
			this.redis.opsForValue().set(record(grant.accessToken()), unreadable);

			assertThat(active(grant.accessToken())).as(unreadable).isTrue();
		}
	}

	private static String record(String token) {
		return REDIS_PREFIX + "introspection:" + TokenHashes.hash(token);
	}

	private HttpResponse<String> introspect(String token) {
		HttpResponse<String> response = this.flow.introspect(token, RS_CLIENT_ID, RS_CLIENT_SECRET);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response;
	}

	private boolean active(String token) {
		return Boolean.TRUE.equals(Json.parse(introspect(token).body()).get("active"));
	}

	private Grant grant(String username) {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), username);
		HttpResponse<String> token = this.flow.exchangeCode(clientId, code, pkce, REDIRECT, RESOURCE);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		return new Grant(clientId, Json.parse(token.body()));
	}

	private record Grant(String clientId, Map<String, Object> tokens) {

		String accessToken() {
			return (String) this.tokens.get("access_token");
		}

		String refreshToken() {
			return (String) this.tokens.get("refresh_token");
		}

	}

}
