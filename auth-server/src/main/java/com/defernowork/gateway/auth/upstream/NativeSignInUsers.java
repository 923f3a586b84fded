package com.defernowork.gateway.auth.upstream;

import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.vault.DefernoTokenRevoker;
import com.defernowork.gateway.web.text.PrintableText;

import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.user.OAuth2User;

/**
 * Names the person a native sign-in's token belongs to ({@code /auth/me}). When Deferno
 * cannot say, the token just made for the failed sign-in, which nothing else would ever
 * revoke, is revoked in the background: the person's page does not wait for a Deferno
 * that may be failing.
 */
final class NativeSignInUsers implements OAuth2UserService<OAuth2UserRequest, OAuth2User> {

	private static final Logger logger = LoggerFactory.getLogger(NativeSignInUsers.class);

	private final DefernoApi deferno;

	private final Executor revocations;

	NativeSignInUsers(DefernoApi deferno, Executor revocations) {
		this.deferno = deferno;
		this.revocations = revocations;
	}

	@Override
	public OAuth2User loadUser(OAuth2UserRequest request) {
		String token = request.getAccessToken().getTokenValue();
		String tokenId = (String) request.getAdditionalParameters().get(NativeSignIn.TOKEN_ID);
		try {
			return new NativeSignIn(this.deferno.me(token), tokenId);
		}
		catch (RuntimeException ex) {
			this.revocations.execute(() -> revoke(tokenId, token));
			throw ex;
		}
	}

	private void revoke(String tokenId, String token) {
		try {
			if (this.deferno.revoke(tokenId, token) == DefernoTokenRevoker.Outcome.REFUSED) {
				logger.warn("Deferno refused to revoke the token of a sign-in that failed (token id {}): it stays "
						+ "valid at Deferno until it expires or the person removes it", tokenId);
			}
		}
		catch (RuntimeException ex) {
			logger.warn(
					"The token of a sign-in that failed could not be revoked at Deferno (token id {}: {}): it "
							+ "stays valid there until it expires or the person removes it",
					tokenId, PrintableText.of(ex.getMessage(), 200));
		}
	}

}
