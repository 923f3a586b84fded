package com.defernowork.gateway.auth.consent;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.config.GatewayClientSettings;
import com.defernowork.gateway.auth.config.MixedScriptNames;
import com.defernowork.gateway.auth.config.NewClients;
import com.defernowork.gateway.auth.config.RedirectUris;
import com.defernowork.gateway.auth.config.TokenTypes;
import com.defernowork.gateway.auth.security.ConsentSubmission;
import com.defernowork.gateway.auth.storage.StorageProperties;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.model.scope.Scopes;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The consent page the authorization endpoint redirects to. It reads the pending request
 * by its consent {@code state}, so a duplicate or prefetching GET only renders the same
 * page again and changes nothing but claiming an {@link NewClients unclaimed} client.
 */
@Controller
class ConsentController {

	static final String PATH = "/consent";

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationService authorizations;

	/** How long the request stays open, said on the page (WCAG 2.2 SC 2.2.1). */
	private final String openFor;

	ConsentController(RegisteredClientRepository clients, OAuth2AuthorizationService authorizations,
			StorageProperties storage) {
		this.clients = clients;
		this.authorizations = authorizations;
		this.openFor = inWords(storage.pendingAuthorizationTtl());
	}

	@GetMapping(PATH)
	String consent(@RequestParam(OAuth2ParameterNames.CLIENT_ID) String clientId,
			@RequestParam(OAuth2ParameterNames.STATE) String state, Authentication user, Model model,
			HttpServletResponse response) {
		// an empty value names nothing; the stores refuse to look it up
		RegisteredClient client = StringUtils.hasText(clientId) ? this.clients.findByClientId(clientId) : null;
		OAuth2Authorization pending = StringUtils.hasText(state)
				? this.authorizations.findByToken(state, TokenTypes.STATE) : null;
		if (client == null || pending == null || !client.getId().equals(pending.getRegisteredClientId())
				|| !user.getName().equals(pending.getPrincipalName())) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("error", "invalid_request");
			model.addAttribute("description", ConsentSubmission.EXPIRED_DESCRIPTION);
			return "authorize-error";
		}
		// a person signed in for it: no anonymous flood's, kept for a retry after a Deny;
		// decided on the stored copy, which another instance may have written unclaimed
		RegisteredClient stored = this.clients.findById(client.getId());
		if (stored != null && NewClients.isUnclaimed(stored)) {
			this.clients.save(NewClients.claimed(stored));
		}
		OAuth2AuthorizationRequest request = pending.getAttribute(OAuth2AuthorizationRequest.class.getName());
		String redirectUri = RedirectUris.resolve(client, request.getRedirectUri());
		model.addAttribute("clientId", clientId);
		model.addAttribute("state", state);
		String verifiedOrigin = client.getClientSettings().getSetting(GatewayClientSettings.VERIFIED_ORIGIN);
		String clientName = GatewayClientSettings.shownName(client);
		model.addAttribute("clientName", clientName);
		model.addAttribute("named", GatewayClientSettings.isNamed(client));
		model.addAttribute("mixedScripts", MixedScriptNames.mixesScripts(clientName));
		String redirectHost = RedirectUris.displayHost(redirectUri);
		model.addAttribute("clientUri",
				vouchedFor(client, GatewayClientSettings.CLIENT_URI, verifiedOrigin, redirectHost));
		model.addAttribute("policyUri",
				vouchedFor(client, GatewayClientSettings.POLICY_URI, verifiedOrigin, redirectHost));
		model.addAttribute("tosUri", vouchedFor(client, GatewayClientSettings.TOS_URI, verifiedOrigin, redirectHost));
		model.addAttribute("verifiedOrigin", verifiedOrigin);
		model.addAttribute("returnsTo", RedirectUris.returnsTo(redirectUri));
		model.addAttribute("returnsToWebHost", !RedirectUris.isOnThisComputer(redirectUri));
		// MCP: warn when a verified client could only ever return to this computer, where
		// any program may listen on a loopback port or claim an app scheme (RFC 8252
		// §8.6)
		model.addAttribute("loopbackOnly",
				verifiedOrigin != null && client.getRedirectUris().stream().allMatch(RedirectUris::isOnThisComputer));
		model.addAttribute("username", username(user));
		model.addAttribute("scopes", scopes(request));
		model.addAttribute("openFor", this.openFor);
		return "consent";
	}

	/** A pending authorization's life as a person reads it: "10 minutes". */
	static String inWords(Duration ttl) {
		long seconds = ttl.toSeconds();
		if (seconds % 3600 == 0) {
			return plural(seconds / 3600, "hour");
		}
		return (seconds % 60 == 0) ? plural(seconds / 60, "minute") : plural(seconds, "second");
	}

	private static String plural(long count, String unit) {
		return count + " " + unit + ((count == 1) ? "" : "s");
	}

	/**
	 * A client's home page, privacy policy or terms only when the host is one the code
	 * goes to or its metadata document came from (RFC 7591 §5): anyone may register a
	 * familiar address beside their own redirect URI.
	 */
	private static String vouchedFor(RegisteredClient client, String setting, String verifiedOrigin,
			String redirectHost) {
		String uri = client.getClientSettings().getSetting(setting);
		String host;
		try {
			host = (uri != null) ? new URI(uri).getHost() : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
		return (host != null && (host.equalsIgnoreCase(verifiedOrigin) || host.equalsIgnoreCase(redirectHost))) ? uri
				: null;
	}

	private static String username(Authentication user) {
		return (user instanceof DefernoAuthenticationToken deferno) ? deferno.getPrincipal().username()
				: user.getName();
	}

	private static List<RequestedScope> scopes(OAuth2AuthorizationRequest request) {
		return Scopes.all()
			.stream()
			.filter(request.getScopes()::contains)
			.map((value) -> new RequestedScope(value, Scopes.of(value).orElseThrow().description()))
			.toList();
	}

	record RequestedScope(String value, String description) {
	}

}
