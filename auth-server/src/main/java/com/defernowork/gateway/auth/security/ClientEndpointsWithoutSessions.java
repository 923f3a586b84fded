package com.defernowork.gateway.auth.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Where the protocol chain keeps who is signed in: in the session, as Spring does, except
 * for the endpoints for clients (token, introspection, revocation), where only client
 * authentication may authenticate a request. A person's session cookie sent along there
 * would otherwise pass for it, and the endpoint would answer a request without client
 * credentials as if a client had sent some (the grant looked up before the client, a 403
 * instead of 401). Spring Security has no repository chosen by request matcher.
 */
final class ClientEndpointsWithoutSessions implements SecurityContextRepository {

	private final RequestMatcher clientEndpoints;

	private final SecurityContextRepository requestOnly = new RequestAttributeSecurityContextRepository();

	private final SecurityContextRepository sessions = new DelegatingSecurityContextRepository(this.requestOnly,
			new HttpSessionSecurityContextRepository());

	ClientEndpointsWithoutSessions(RequestMatcher clientEndpoints) {
		this.clientEndpoints = clientEndpoints;
	}

	@Override
	public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
		return of(request).loadDeferredContext(request);
	}

	@Override
	@Deprecated
	public SecurityContext loadContext(HttpRequestResponseHolder holder) {
		return of(holder.getRequest()).loadDeferredContext(holder.getRequest()).get();
	}

	@Override
	public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
		of(request).saveContext(context, request, response);
	}

	@Override
	public boolean containsContext(HttpServletRequest request) {
		return of(request).containsContext(request);
	}

	private SecurityContextRepository of(HttpServletRequest request) {
		return this.clientEndpoints.matches(request) ? this.requestOnly : this.sessions;
	}

}
