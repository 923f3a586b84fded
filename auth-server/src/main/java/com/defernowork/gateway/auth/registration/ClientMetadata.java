package com.defernowork.gateway.auth.registration;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.defernowork.gateway.auth.config.GatewayClientSettings;
import com.defernowork.gateway.auth.config.InvisibleCharacters;
import com.defernowork.gateway.auth.config.RedirectUris;
import com.defernowork.gateway.auth.metadata.ServerMetadata;
import com.defernowork.gateway.model.scope.Scopes;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;

import static com.defernowork.gateway.auth.registration.InvalidRegistrationException.INVALID_CLIENT_METADATA;
import static com.defernowork.gateway.auth.registration.InvalidRegistrationException.INVALID_REDIRECT_URI;

/**
 * The client metadata of an RFC 7591 registration request, validated. Accepts what MCP
 * clients send: public {@code none} clients, a {@code scope} that is present, absent,
 * empty or unknown (MCP Inspector sends {@code mcp:tools}), {@code application_type},
 * punctuation in names, empty strings for optional URIs. The {@code scope} does not limit
 * the client: every client may ask for every gateway scope and the person's consent
 * decides, because clients register with the scope of their first authorization and step
 * up later without registering again. Client ID Metadata Documents are validated by the
 * same rules.
 */
public record ClientMetadata(List<String> redirectUris, String tokenEndpointAuthMethod, String clientName,
		Map<String, Object> optional) {

	static final Set<String> AUTH_METHODS = Set.copyOf(ServerMetadata.CLIENT_AUTHENTICATION_METHODS);

	private static final String AUTH_METHODS_SORTED = String.join(", ", AUTH_METHODS.stream().sorted().toList());

	static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token");

	static final int MAX_NAME_LENGTH = 100;

	private static final Pattern SURROUNDING_SPACE = Pattern.compile("^[\\p{Z}\\s]+|[\\p{Z}\\s]+$");

	/** The most combining marks one character of client_name carries. */
	private static final int MAX_MARKS = 4;

	private static final Set<String> OPTIONAL_URIS = Set.of("client_uri", "logo_uri", "tos_uri", "policy_uri");

	/** The URIs the consent page may link to, by the setting that keeps each. */
	private static final Map<String, String> SHOWN_URIS = Map.of("client_uri", GatewayClientSettings.CLIENT_URI,
			"policy_uri", GatewayClientSettings.POLICY_URI, "tos_uri", GatewayClientSettings.TOS_URI);

	private static final Set<String> OPTIONAL_STRINGS = Set.of("software_id", "software_version");

	/**
	 * A client registered with this metadata: PKCE and consent required, the code and
	 * refresh grants, every scope, its {@code client_uri}, {@code policy_uri} and
	 * {@code tos_uri} kept for the consent page; with the given settings of its own. The
	 * caller adds its token settings.
	 */
	public RegisteredClient.Builder toClient(String id, String clientId, String name, Map<String, Object> settings) {
		ClientSettings.Builder clientSettings = ClientSettings.builder()
			.requireProofKey(true)
			.requireAuthorizationConsent(true)
			.settings((all) -> all.putAll(settings));
		SHOWN_URIS.forEach((member, setting) -> {
			if (this.optional.get(member) != null) {
				clientSettings.setting(setting, this.optional.get(member));
			}
		});
		return RegisteredClient.withId(id)
			.clientId(clientId)
			.clientName(name)
			.clientAuthenticationMethods((methods) -> methods.addAll(authenticationMethods()))
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUris((uris) -> uris.addAll(this.redirectUris))
			.scopes((scopes) -> scopes.addAll(Scopes.all()))
			.clientSettings(clientSettings.build());
	}

	/**
	 * A client with a secret may send it either way, whichever it registered: RFC 6749
	 * §2.3.1 has every server take HTTP Basic from such a client, and clients that
	 * registered Basic and then post their secret (or the other way round) are common.
	 */
	private Set<ClientAuthenticationMethod> authenticationMethods() {
		if (isPublic()) {
			return Set.of(ClientAuthenticationMethod.NONE);
		}
		return Set.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);
	}

	/**
	 * Validates registration metadata.
	 * @throws InvalidRegistrationException saying which member is wrong and why
	 */
	public static ClientMetadata parse(Map<String, Object> json) {
		List<String> redirectUris = redirectUris(json.get("redirect_uris"));
		String authMethod = string(json, "token_endpoint_auth_method");
		if (authMethod == null && json.get("token_endpoint_auth_method") != null) {
			throw metadata("token_endpoint_auth_method is empty: leave it out for client_secret_basic, or use one of "
					+ AUTH_METHODS_SORTED);
		}
		if (authMethod == null) {
			// RFC 7591 §2 default
			authMethod = "client_secret_basic";
		}
		if (!AUTH_METHODS.contains(authMethod)) {
			throw metadata("token_endpoint_auth_method '" + authMethod + "' is not supported; use one of "
					+ AUTH_METHODS_SORTED);
		}
		keySet(json);
		List<String> grantTypes = strings(json, "grant_types");
		if (grantTypes != null && !grantTypes.contains("authorization_code")) {
			String unsupported = grantTypes.stream()
				.filter((type) -> !GRANT_TYPES.contains(type))
				.findFirst()
				.orElse(null);
			if (unsupported != null) {
				throw new InvalidRegistrationException(INVALID_CLIENT_METADATA,
						"grant_type '" + unsupported + "' is not supported; use authorization_code and refresh_token",
						"a grant_type is not supported; use authorization_code and refresh_token");
			}
			throw metadata("grant_types must include authorization_code");
		}
		// other grants listed with the code grant (device_code; token-exchange, from
		// the metadata) are left out, as RFC 7591 §2 lets a server replace what it
		// cannot give: the answer lists the grants registered
		List<String> responseTypes = strings(json, "response_types");
		if (responseTypes != null && (responseTypes.isEmpty() || !responseTypes.stream().allMatch("code"::equals))) {
			// none at all is no client of the code flow, as grant_types without
			// authorization_code is not
			throw metadata("response_types must list code alone, the one response type this server issues");
		}
		Map<String, Object> optional = new LinkedHashMap<>();
		for (String name : OPTIONAL_URIS) {
			String uri = string(json, name);
			if (uri != null) {
				optional.put(name, webUri(name, uri));
			}
		}
		for (String name : OPTIONAL_STRINGS) {
			String value = string(json, name);
			if (value != null) {
				optional.put(name, value);
			}
		}
		String applicationType = string(json, "application_type");
		if (applicationType != null) {
			if (!Set.of("native", "web").contains(applicationType)) {
				throw metadata("application_type must be 'native' or 'web'");
			}
			optional.put("application_type", applicationType);
		}
		List<String> contacts = strings(json, "contacts");
		if (contacts != null && !contacts.isEmpty()) {
			optional.put("contacts", contacts);
		}
		string(json, "scope"); // must be a string when present; see the class comment for
								// why it is not kept
		String name = string(json, "client_name");
		if (name != null && name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
			// a name pages show in full: a long one pushes what the person must read off
			// the screen
			throw metadata("client_name must be at most " + MAX_NAME_LENGTH + " characters");
		}
		if (name != null && name.codePoints().noneMatch(ClientMetadata::isLetterDigitOrSymbol)) {
			// the pages read "<name> wants to use your Deferno account"
			throw metadata("client_name must contain a letter, a digit or a symbol");
		}
		if (name != null && longestMarkRun(name) > MAX_MARKS) {
			// marks stacked on one letter are drawn over the lines around the name,
			// the consent page's warnings among them
			throw metadata("client_name stacks more than " + MAX_MARKS + " combining marks on one character");
		}
		return new ClientMetadata(redirectUris, authMethod, name, optional);
	}

	/**
	 * RFC 7591 §2's rules for keys, which no authentication method here uses, so that a
	 * malformed set is refused rather than silently dropped: {@code jwks} an object, and
	 * not together with {@code jwks_uri}.
	 */
	private static void keySet(Map<String, Object> json) {
		Object jwks = json.get("jwks");
		if (jwks != null && json.get("jwks_uri") != null) {
			throw metadata("jwks_uri and jwks must not both be present (RFC 7591 section 2)");
		}
		if (jwks != null && !(jwks instanceof Map)) {
			throw metadata("jwks must be a JSON Web Key Set: an object with a keys array");
		}
		string(json, "jwks_uri");
	}

	/** The most combining marks (Mn, Me) in a row: a written language needs a few. */
	private static int longestMarkRun(String name) {
		int longest = 0;
		int run = 0;
		for (int codePoint : name.codePoints().toArray()) {
			int type = Character.getType(codePoint);
			run = (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) ? run + 1 : 0;
			longest = Math.max(longest, run);
		}
		return longest;
	}

	boolean isPublic() {
		return "none".equals(this.tokenEndpointAuthMethod);
	}

	private static List<String> redirectUris(Object value) {
		if (!(value instanceof List<?> list) || list.isEmpty()) {
			throw redirect("redirect_uris is required: a non-empty array of redirect URIs");
		}
		List<String> uris = new ArrayList<>();
		for (Object item : list) {
			if (!(item instanceof String uri) || uri.isBlank()) {
				throw redirect("redirect_uris must contain only non-empty strings");
			}
			validateRedirectUri(uri);
			if (!uris.contains(uri)) {
				uris.add(uri);
			}
		}
		return uris;
	}

	/**
	 * https, http on a loopback address (RFC 8252 §7.3), or a native app's private-use
	 * scheme (RFC 8252 §7.1, e.g. Cursor's
	 * {@code cursor://anysphere.cursor-mcp/oauth/callback}). Schemes a browser would
	 * execute, read locally or keep to itself (its settings pages), network protocols and
	 * Windows protocol handlers are refused, and so are opaque URIs (the out-of-band
	 * {@code urn:ietf:wg:oauth:2.0:oob} that OAuth 2.1 dropped), plain http to other
	 * hosts, ports outside 1–65535, fragments, user information, invisible characters and
	 * more than {@link RedirectUris#MAX_LENGTH} characters.
	 */
	static void validateRedirectUri(String value) {
		if (value.length() > RedirectUris.MAX_LENGTH) {
			throw redirect("a redirect URI must be at most " + RedirectUris.MAX_LENGTH
					+ " characters: the authorization endpoint takes none longer");
		}
		if (InvisibleCharacters.in(value)) {
			throw redirect(
					"redirect URIs must not contain control, formatting or invisible characters or a lone UTF-16 surrogate");
		}
		String lower = value.trim().toLowerCase(Locale.ROOT);
		for (String scheme : REFUSED_SCHEMES) {
			if (lower.startsWith(scheme + ":")) {
				throw new InvalidRegistrationException(INVALID_REDIRECT_URI,
						"redirect URI scheme '" + scheme + ":' is not allowed: " + value,
						"redirect URI scheme '" + scheme + ":' is not allowed");
			}
		}
		if (lower.startsWith("ms-")) {
			throw new InvalidRegistrationException(INVALID_REDIRECT_URI,
					"redirect URI schemes 'ms-*:' (Windows protocol handlers) are not allowed: " + value,
					"redirect URI schemes 'ms-*:' (Windows protocol handlers) are not allowed");
		}
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			throw redirect(value, "is not a valid URI");
		}
		if (!uri.isAbsolute()) {
			throw redirect(value, "must be an absolute URI");
		}
		String host = uri.getHost();
		boolean ipv6 = host != null && host.startsWith("[");
		if (ipv6 && host.contains("%")) {
			throw redirect(value, "names an IPv6 zone (RFC 6874), which browsers do not take in a URL: use "
					+ "a loopback address (127.0.0.1, [::1] or localhost) or a host name");
		}
		try {
			// what java.net.URI lets through but a strict RFC 3986 reading does not: raw
			// non-ASCII, brackets in a path or query; an IPv6 literal java.net.URI has
			// read stands aside, since Spring's reading refuses an IPv4 part in one
			// ([::ffff:127.0.0.1]), which is ASCII and judged below
			UriComponentsBuilder.fromUriString(ipv6 ? value.replaceFirst(Pattern.quote(host), "[::1]") : value)
				.build(true);
		}
		catch (IllegalArgumentException ex) {
			throw redirect(value, "must be written in ASCII, any other character percent-encoded (RFC 3986)");
		}
		if (uri.isOpaque()) {
			throw redirect(value, "is not a redirect URI a browser can return to (out-of-band and other "
					+ "opaque URIs are not supported)");
		}
		if (uri.getPort() == 0 || uri.getPort() > 65535) {
			throw redirect(value, "has a port outside 1-65535");
		}
		if (uri.getRawFragment() != null || value.contains("#")) {
			throw redirect(value, "must not contain a fragment");
		}
		if (uri.getRawUserInfo() != null) {
			throw redirect(value, "must not contain user information");
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		if ("https".equals(scheme) || "http".equals(scheme)) {
			if (uri.getHost() == null) {
				throw redirect(value, "must name a host");
			}
			if ("http".equals(scheme) && !RedirectUris.isLoopbackHost(uri.getHost())) {
				throw redirect(value, "must use https, or http on a loopback address (127.0.0.1, [::1] or localhost)");
			}
		}
	}

	private static final List<String> REFUSED_SCHEMES = List.of("javascript", "data", "vbscript", "file", "about",
			"blob", "filesystem", "view-source", "ws", "wss", "ftp", "mailto", "tel", "urn", "chrome",
			"chrome-extension", "chrome-untrusted", "devtools", "edge", "brave", "opera", "vivaldi", "moz-extension",
			"resource", "safari-extension", "intent", "jar",
			// network protocols an operating system opens by connecting somewhere (smb:
			// leaks Windows credentials)
			"smb", "cifs", "nfs", "afp", "ldap", "ldaps", "gopher", "sftp", "ssh", "telnet", "tftp", "rtsp", "rtmp",
			"irc", "ircs", "sip", "sips", "sms", "news", "nntp", "dav", "webdav", "dict", "search-ms", "hcp", "shell");

	/** What a name can be read by: not spaces and punctuation alone. */
	private static boolean isLetterDigitOrSymbol(int c) {
		int type = Character.getType(c);
		return Character.isLetterOrDigit(c) || type == Character.OTHER_SYMBOL || type == Character.MATH_SYMBOL
				|| type == Character.CURRENCY_SYMBOL || type == Character.MODIFIER_SYMBOL;
	}

	private static String webUri(String name, String value) {
		try {
			URI uri = new URI(value);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (uri.getHost() != null && (scheme.equals("https") || scheme.equals("http"))) {
				if (uri.getRawUserInfo() != null) {
					// https://claude.ai@evil.example/ reads as claude.ai (RFC 3986 §7.6)
					throw metadata(name + " must not carry a user name (user@host): it misleads whoever reads it");
				}
				return value;
			}
		}
		catch (URISyntaxException ex) {
			// reported below
		}
		throw metadata(name + " must be an absolute http or https URI");
	}

	/** An optional string member; empty strings count as absent. */
	private static String string(Map<String, Object> json, String name) {
		Object value = json.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			throw metadata(name + " must be a string");
		}
		if (InvisibleCharacters.in(text)) {
			throw metadata(name
					+ " must not contain control, formatting or invisible characters (such as U+202E) or a lone UTF-16 surrogate");
		}
		// every separator, no-break and ideographic spaces too: a name ending in them
		// hides how it ends
		String stripped = SURROUNDING_SPACE.matcher(text).replaceAll("");
		return stripped.isEmpty() ? null : stripped;
	}

	private static List<String> strings(Map<String, Object> json, String name) {
		Object value = json.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
			throw metadata(name + " must be an array of strings");
		}
		if (list.stream().map(String.class::cast).anyMatch(InvisibleCharacters::in)) {
			throw metadata(
					name + " must not contain control, formatting or invisible characters or a lone UTF-16 surrogate");
		}
		return list.stream().map(String.class::cast).filter(StringUtils::hasText).toList();
	}

	private static InvalidRegistrationException metadata(String description) {
		return new InvalidRegistrationException(INVALID_CLIENT_METADATA, description);
	}

	private static InvalidRegistrationException redirect(String description) {
		return new InvalidRegistrationException(INVALID_REDIRECT_URI, description);
	}

	/** A redirect URI refused for {@code reason}, quoting it where the client asked. */
	private static InvalidRegistrationException redirect(String value, String reason) {
		return new InvalidRegistrationException(INVALID_REDIRECT_URI, "'" + value + "' " + reason,
				"a redirect URI " + reason);
	}

}
