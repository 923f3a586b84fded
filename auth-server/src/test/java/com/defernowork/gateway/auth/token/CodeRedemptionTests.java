package com.defernowork.gateway.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.audit.AuditEvent;
import com.defernowork.gateway.auth.audit.CodeOfAnotherClient;
import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.CodeRedemptionMark;
import com.defernowork.gateway.auth.storage.KeyValueGrantLocks;
import com.defernowork.gateway.auth.storage.StorageFixtures;
import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.defernowork.gateway.auth.storage.memory.MemoryOAuth2AuthorizationService;
import com.defernowork.gateway.auth.vault.TestVaults;
import com.defernowork.gateway.testsupport.MutableClock;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Code redemption on the memory store, with locks on a ticker the test moves past their
 * lease: a redemption that outlived its lock saves nothing over what came first.
 */
class CodeRedemptionTests {

	private final MemoryOAuth2AuthorizationService authorizations = new MemoryOAuth2AuthorizationService(
			new AuthorizationLifetime(Duration.ofMinutes(10)), MutableClock.now());

	private final OAuth2TokenGenerator<OAuth2Token> tokens = new DelegatingOAuth2TokenGenerator(
			new OAuth2AccessTokenGenerator(), new PublicClientRefreshTokenGenerator(TestVaults.inMemory()::marked));

	/** Without refresh tokens: the refresh token's own fence does not hide the code's. */
	private final RegisteredClient client = RegisteredClient.from(StorageFixtures.publicClient())
		.authorizationGrantTypes((types) -> types.remove(AuthorizationGrantType.REFRESH_TOKEN))
		.build();

	private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

	private final AtomicLong nanos = new AtomicLong();

	private final CountDownLatch inside = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private volatile Thread held;

	/** Holds the thread in {@link #held} inside its token generation. */
	private final CodeRedemption redemption = new CodeRedemption(this.authorizations, this::generate,
			new KeyValueGrantLocks(new MemoryKeyValueStore(this.nanos::get), Duration.ofSeconds(20),
					Duration.ofSeconds(3)),
			(event) -> {
				if (event instanceof AuditEvent audited) {
					this.audit.add(audited);
				}
			});

	private OAuth2Authorization grant;

	private String code;

	@BeforeEach
	void issueCode() {
		AuthorizationServerContextHolder.setContext(LocalServerContext.SERVER);
		OAuth2AuthorizationCode issued = StorageFixtures.code(Instant.now());
		this.code = issued.getTokenValue();
		this.grant = StorageFixtures.pending(this.client, StorageFixtures.person("u1")).token(issued).build();
		this.authorizations.save(this.grant);
	}

	@AfterEach
	void resetContext() {
		AuthorizationServerContextHolder.resetContext();
	}

	@Test
	void authenticateWhenCodeThenTokensAndTheRedemptionMarkIsNotKept() {
		OAuth2AccessTokenAuthenticationToken answer = redeem();

		OAuth2Authorization stored = this.authorizations.findById(this.grant.getId());
		assertThat(stored.getAccessToken().getToken().getTokenValue())
			.isNotEqualTo(answer.getAccessToken().getTokenValue()); // kept as a hash
		assertThat(this.authorizations.findByToken(answer.getAccessToken().getTokenValue(), null)).isNotNull();
		assertThat(stored.<Object>getAttribute(CodeRedemptionMark.ATTRIBUTE)).isNull();
		// a later save of the grant (a revocation) is no redemption
		this.authorizations.save(stored);
	}

	@Test
	void authenticateWhenARedemptionOutlivesItsLeaseAndIsOvertakenThenRefusedAndTheCodeCountsAsUsedTwice()
			throws Exception {
		CompletableFuture<OAuth2AccessTokenAuthenticationToken> slower = startHeld();
		this.nanos.addAndGet(Duration.ofSeconds(21).toNanos());
		OAuth2AccessTokenAuthenticationToken faster = redeem();
		assertThat(this.authorizations.findByToken(faster.getAccessToken().getTokenValue(), null)).isNotNull();

		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> finish(slower))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"))
			.satisfies((ex) -> assertThat(ex.getError().getDescription())
				.isEqualTo(ClientAuthenticationFailure.CODE_NOT_VALID));
		// used twice: the grant goes, as for any code presented again
		assertThat(this.authorizations.findById(this.grant.getId())).isNull();
		assertThat(this.audit).extracting(AuditEvent::type).contains(AuditEvent.CODE_REPLAY);
	}

	@Test
	void authenticateWhenAnotherClientPresentsTheCodeThenRefusedAndTheAuditNamesTheGrantsClientNotAReplay() {
		RegisteredClient other = RegisteredClient.from(this.client).id("other-id").clientId("other-client").build();
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.redemption.authenticate(new OAuth2AuthorizationCodeAuthenticationToken(this.code,
					new OAuth2ClientAuthenticationToken(other, ClientAuthenticationMethod.NONE, null),
					other.getRedirectUris().iterator().next(), Map.of("resource", StorageFixtures.RESOURCE))))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"))
			// told as any unknown code is; its token.refused line names the code's client
			.satisfies((ex) -> assertThat(ex.getError().getDescription())
				.isEqualTo(ClientAuthenticationFailure.CODE_NOT_VALID))
			.isInstanceOfSatisfying(CodeOfAnotherClient.class,
					(ex) -> assertThat(ex.issuedTo()).isEqualTo(this.client.getClientId()));
		// the framework spent the code: its grant goes, as after a second use
		assertThat(this.authorizations.findById(this.grant.getId())).isNull();
		assertThat(this.audit).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(AuditEvent.CODE_OF_ANOTHER_CLIENT);
			assertThat(event.client()).isEqualTo(this.client.getClientId());
			assertThat(event.details()).containsEntry("presented_by", "other-client")
				.containsEntry("grant_revoked", true);
		});
	}

	@Test
	void authenticateWhenTheGrantIsRemovedDuringARedemptionThenRefusedAndNotBroughtBack() throws Exception {
		CompletableFuture<OAuth2AccessTokenAuthenticationToken> slower = startHeld();
		this.authorizations.remove(this.grant);

		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> finish(slower))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"));
		assertThat(this.authorizations.findById(this.grant.getId())).isNull();
	}

	private OAuth2AccessTokenAuthenticationToken redeem() {
		return (OAuth2AccessTokenAuthenticationToken) this.redemption
			.authenticate(new OAuth2AuthorizationCodeAuthenticationToken(this.code,
					new OAuth2ClientAuthenticationToken(this.client, ClientAuthenticationMethod.NONE, null),
					this.client.getRedirectUris().iterator().next(), Map.of("resource", StorageFixtures.RESOURCE)));
	}

	private OAuth2Token generate(OAuth2TokenContext context) {
		if (Thread.currentThread() == this.held) {
			this.inside.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return this.tokens.generate(context);
	}

	private CompletableFuture<OAuth2AccessTokenAuthenticationToken> startHeld() throws InterruptedException {
		CompletableFuture<OAuth2AccessTokenAuthenticationToken> answer = CompletableFuture.supplyAsync(() -> {
			AuthorizationServerContextHolder.setContext(LocalServerContext.SERVER);
			this.held = Thread.currentThread();
			return redeem();
		});
		assertThat(this.inside.await(10, TimeUnit.SECONDS)).isTrue();
		return answer;
	}

	private OAuth2AccessTokenAuthenticationToken finish(CompletableFuture<OAuth2AccessTokenAuthenticationToken> answer)
			throws Exception {
		this.release.countDown();
		try {
			return answer.get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

}
