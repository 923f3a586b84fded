package com.defernowork.gateway.auth.registration;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.config.OAuthErrorJson;
import com.defernowork.gateway.auth.web.BoundedBody;
import com.defernowork.gateway.web.http.WaitSeconds;
import com.defernowork.gateway.web.json.JsonRefusals;
import com.defernowork.gateway.web.settings.Settings;
import com.defernowork.gateway.web.text.PrintableText;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Open dynamic client registration (RFC 7591) at {@code /oauth2/register} and the RFC
 * 7592 read of a registration with its registration access token. Not Spring
 * Authorization Server's open registration, which cannot be made to fit: it answers POST
 * only (no RFC 7592 read), reads the body without a size limit, and no validator can
 * change its response (no echo of {@code client_uri}, {@code application_type} or
 * {@code contacts}; the scope MCP clients send narrowed or refused).
 */
@RestController
class ClientRegistrationController {

	private static final String PATH = "/oauth2/register";

	private final DynamicClients dynamicClients;

	/** A member given twice is refused, not read as its last value. */
	private final ObjectReader json;

	/** What {@link #json} holds a document to, in words. */
	private final String limits;

	private final String registrationClientUri;

	private final int maxBodyBytes;

	private final NewClientQuota quota;

	ClientRegistrationController(DynamicClients dynamicClients, JsonMapper json, AuthProperties properties,
			NewClientQuota quota, @Value("${auth.registration.max-body-bytes:16384}") int maxBodyBytes) {
		this.dynamicClients = dynamicClients;
		this.json = json.readerFor(new TypeReference<Map<String, Object>>() {
		}).with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
		this.limits = JsonRefusals.limits(json);
		this.registrationClientUri = properties.issuer() + PATH + "?client_id=";
		this.maxBodyBytes = (int) Settings.atLeast(1, maxBodyBytes,
				"AUTH_REGISTRATION_MAX_BODY (auth.registration.max-body-bytes)");
		this.quota = quota;
	}

	/**
	 * A POST naming a client is an attempt to change it, which {@link #otherwise}
	 * answers.
	 */
	@PostMapping(path = PATH, params = "!client_id")
	ResponseEntity<Map<String, Object>> register(HttpServletRequest request) throws IOException {
		Map<String, Object> metadata = readBody(request);
		ClientMetadata client = ClientMetadata.parse(metadata);
		// only registrations that would be made count: a client correcting its metadata
		// uses up nothing
		Duration wait = this.quota.refusal(request.getRemoteAddr());
		if (wait != null) {
			return tooMany(wait);
		}
		Map<String, Object> registration = this.dynamicClients.register(client, this.registrationClientUri);
		return json(HttpStatus.CREATED).body(registration);
	}

	/**
	 * 429 (RFC 6585) with {@code Retry-After}, an RFC 7591 error body as every other
	 * refusal here; {@code temporarily_unavailable} as when the store is away (503), the
	 * one code OAuth has for "not now".
	 */
	private ResponseEntity<Map<String, Object>> tooMany(Duration wait) {
		long seconds = WaitSeconds.of(wait);
		return json(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
			.body(Map.of("error", OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, "error_description",
					"This server adds at most " + this.quota.perHour()
							+ " new clients an hour from one network (IPv4 address or IPv6 /48), and yours has had "
							+ "them; use a client already registered, or retry in " + seconds + " seconds"));
	}

	@GetMapping(path = PATH, params = "client_id")
	ResponseEntity<Map<String, Object>> read(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		String token = (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7))
				? authorization.substring(7).trim() : null;
		if (token == null || token.isEmpty()) {
			// RFC 6750 §3.1: a request without credentials gets no error code, in the
			// challenge or the body, as the resource server answers one
			return json(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
				.body(Map.of("error_description",
						"Reading a registration takes its registration access token as a Bearer token"));
		}
		// the request itself, not the binder, which would join repeated values with a
		// comma
		String[] clientIds = request.getParameterValues("client_id");
		if (clientIds.length != 1 || !StringUtils.hasText(clientIds[0])) {
			return json(HttpStatus.BAD_REQUEST)
				.body(Map.of("error", OAuth2ErrorCodes.INVALID_REQUEST, "error_description",
						((clientIds.length != 1) ? "client_id must be sent once" : "client_id is empty")
								+ ": read a registration at its registration_client_uri"));
		}
		String clientId = clientIds[0];
		Map<String, Object> registration = this.dynamicClients.read(clientId, token, this.registrationClientUri);
		if (registration == null) {
			// RFC 7592 §2: unknown client or wrong token are both 401
			String description = "The registration access token is not valid for this client";
			return json(HttpStatus.UNAUTHORIZED)
				.header(HttpHeaders.WWW_AUTHENTICATE,
						"Bearer error=\"invalid_token\", error_description=\"" + description + "\"")
				.body(Map.of("error", "invalid_token", "error_description", description));
		}
		return json(HttpStatus.OK).body(registration);
	}

	/**
	 * What the two mappings above leave: a read without the client's id, and the RFC 7592
	 * update and delete, which are not offered (§2.3: 405).
	 */
	@RequestMapping(PATH)
	ResponseEntity<Map<String, Object>> otherwise(HttpMethod method, HttpServletRequest request) {
		if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
			return json(HttpStatus.BAD_REQUEST).body(Map.of("error", OAuth2ErrorCodes.INVALID_REQUEST,
					"error_description", "Reading a registration takes its client_id as a query parameter"));
		}
		if (request.getParameter("client_id") != null) {
			// a registration_client_uri: it may be read, not changed
			return json(HttpStatus.METHOD_NOT_ALLOWED).allow(HttpMethod.GET, HttpMethod.HEAD)
				.body(Map.of("error", OAuth2ErrorCodes.INVALID_REQUEST, "error_description", method.name()
						+ " is not offered for a registration: it can be read (GET), not changed; to change it, "
						+ "register anew with POST " + PATH + " (no client_id)"));
		}
		return json(HttpStatus.METHOD_NOT_ALLOWED)
			.allow(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.OPTIONS)
			.body(Map.of("error", OAuth2ErrorCodes.INVALID_REQUEST, "error_description", method.name()
					+ " is not offered here: register with POST, read a registration with GET and its client_id"));
	}

	@ExceptionHandler(InvalidRegistrationException.class)
	ResponseEntity<Map<String, Object>> invalid(InvalidRegistrationException ex) {
		// a description may quote what the client sent
		return json(ex.status())
			.body(Map.of("error", ex.error(), "error_description", OAuthErrorJson.printable(ex.getMessage())));
	}

	private Map<String, Object> readBody(HttpServletRequest request) throws IOException {
		if (!BoundedBody.isJson(request)) {
			// RFC 7591 §3.1 (and its errors are 400, §3.2.2); a text/plain body would
			// also be a request that needs no CORS preflight
			throw new InvalidRegistrationException(InvalidRegistrationException.INVALID_CLIENT_METADATA,
					"Send the client metadata as application/json");
		}
		byte[] body = BoundedBody.read(request, this.maxBodyBytes).orElseThrow(this::tooLarge);
		String problem = "The request body must be a JSON object of client metadata";
		try {
			Map<String, Object> metadata = this.json.readValue(body);
			if (metadata != null) {
				return metadata;
			}
		}
		catch (StreamConstraintsException ex) {
			problem = "The client metadata is beyond this server's JSON limits (" + this.limits + ")";
		}
		catch (JacksonException ex) {
			problem = JsonRefusals.repeatedMember(ex)
				.map((name) -> "The client metadata has the member '" + PrintableText.of(name, 100)
						+ "' twice; send each member once")
				// cut short, bytes that are not UTF-8, or not JSON at all
				.orElse((ex instanceof StreamReadException) ? "The request body is not well-formed JSON in UTF-8 (RFC "
						+ "8259): send the client metadata as one JSON object" : problem);
		}
		throw new InvalidRegistrationException(InvalidRegistrationException.INVALID_CLIENT_METADATA, problem);
	}

	/**
	 * Every answer here holds or may hold credentials: none is stored by a cache
	 * ({@code Pragma} for HTTP/1.0 caches, as OAuth's token answers).
	 */
	private static ResponseEntity.BodyBuilder json(HttpStatusCode status) {
		return ResponseEntity.status(status)
			.cacheControl(CacheControl.noStore())
			.header(HttpHeaders.PRAGMA, "no-cache")
			.contentType(MediaType.APPLICATION_JSON);
	}

	private InvalidRegistrationException tooLarge() {
		return new InvalidRegistrationException(InvalidRegistrationException.INVALID_CLIENT_METADATA,
				"The registration request is larger than " + this.maxBodyBytes + " bytes",
				HttpStatus.CONTENT_TOO_LARGE);
	}

}
