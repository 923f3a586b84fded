package com.defernowork.gateway.mcp.security.scope;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.defernowork.gateway.mcp.catalog.ToolCallListener;
import com.defernowork.gateway.mcp.catalog.ToolScopes;
import com.defernowork.gateway.mcp.http.CachedBodyRequest;
import com.defernowork.gateway.mcp.http.PendingRefusal;
import com.defernowork.gateway.mcp.security.BearerChallenges;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.model.scope.Scopes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Step-up authorization (MCP's scope challenge): before a {@code tools/call} or
 * {@code resources/read} reaches the MCP server, the token must carry the scope it needs
 * ({@code *:write} implies {@code *:read}). Otherwise 403 with an
 * {@code insufficient_scope} challenge listing every scope needed at once — what the
 * token has plus what is missing — so the client re-authorizes a single time. Held for
 * the endpoint ({@link PendingRefusal}), which gives it once the request is otherwise
 * well formed.
 */
public final class StepUpScopeFilter extends OncePerRequestFilter {

	private static final String SCOPE_AUTHORITY_PREFIX = "SCOPE_";

	private final RequiredScopes requiredScopes;

	private final BearerChallenges challenges;

	private final ToolCallListener denials;

	/**
	 * @param denials told of every tool call refused here, as
	 * {@link ToolCallListener.Outcome#DENIED}
	 */
	public StepUpScopeFilter(ToolScopes toolScopes, BearerChallenges challenges, ToolCallListener denials) {
		this.requiredScopes = new RequiredScopes(toolScopes);
		this.challenges = challenges;
		this.denials = denials;
	}

	/** Only MCP requests name tools; the body of any other is not read here. */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HttpMethod.POST.matches(request.getMethod())
				|| !request.getRequestURI().equals(request.getContextPath() + McpSecurityProperties.MCP_PATH);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof AbstractOAuth2TokenAuthenticationToken<?>)) {
			chain.doFilter(request, response);
			return;
		}
		CachedBodyRequest cached = CachedBodyRequest.of(request);
		List<String> granted = grantedScopes(authentication.getAuthorities());
		Set<Scopes> missing = new LinkedHashSet<>();
		for (Scopes required : this.requiredScopes.of(cached.body())) {
			if (!Scopes.satisfies(granted, required)) {
				missing.add(required);
			}
		}
		if (!missing.isEmpty()) {
			PendingRefusal.hold(cached, (refused) -> {
				this.requiredScopes.tools(cached.body())
					.forEach((tool) -> this.denials.toolCalled(tool, ToolCallListener.Outcome.DENIED, null,
							Duration.ZERO));
				this.challenges.writeInsufficientScope(refused, needed(granted, missing),
						"This operation needs the scope " + Scopes.join(missing.stream().map(Scopes::value).toList())
								+ "; re-authorize with it");
			});
		}
		chain.doFilter(cached, response);
	}

	private static List<String> grantedScopes(Collection<? extends GrantedAuthority> authorities) {
		return authorities.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null && authority.startsWith(SCOPE_AUTHORITY_PREFIX))
			.map((authority) -> authority.substring(SCOPE_AUTHORITY_PREFIX.length()))
			.toList();
	}

	/** The granted scopes plus the missing ones, in the gateway's canonical order. */
	private static List<String> needed(List<String> granted, Set<Scopes> missing) {
		return Scopes.all()
			.stream()
			.filter((scope) -> granted.contains(scope) || missing.stream().anyMatch((m) -> m.value().equals(scope)))
			.toList();
	}

}
