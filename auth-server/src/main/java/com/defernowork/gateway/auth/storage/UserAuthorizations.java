package com.defernowork.gateway.auth.storage;

import java.util.List;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * The grants one person holds, for the connected-apps page. Implemented by each store
 * next to its {@code OAuth2AuthorizationService}.
 */
public interface UserAuthorizations {

	/** Every live authorization of the principal name (the Deferno user id). */
	List<OAuth2Authorization> findByPrincipalName(String principalName);

}
