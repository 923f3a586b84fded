package com.defernowork.gateway.mcp.server;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

import com.defernowork.gateway.mcp.http.ByteBudget;
import com.defernowork.gateway.mcp.http.CachedBodyRequest;
import com.defernowork.gateway.web.ProtectiveHeaders;
import com.defernowork.gateway.web.http.HeaderLines;
import com.defernowork.gateway.web.http.ContentCoding;

/**
 * The transport rules both protocol eras share, checked before anything reads a request
 * to {@code /mcp}: POST only (405; a CORS preflight is answered ahead of it,
 * {@code HostOriginFilter}), a body of at most the configured size (413),
 * {@code Content-Type: application/json} in UTF-8 without a content coding (415), and an
 * {@code Accept} that lists {@code application/json} and {@code text/event-stream} (406);
 * those two refusals name the request's id when its body is JSON. The body is read here
 * once, bounded, and kept for the filters and the endpoint behind (one the container
 * cannot read to its end goes to its error page, {@link McpErrorPageFilter}). These
 * answers come before Spring Security, so they carry its protective headers themselves (a
 * 405 would otherwise be cacheable by default, RFC 9111 §4.2.2).
 * <p>
 * The bodies held at once share a budget of bytes ({@link ByteBudget}); beyond it a
 * request gets 503 with {@code Retry-After}.
 */
final class McpRequestGate extends OncePerRequestFilter {

	private static final MediaType EVENT_STREAM = MediaType.TEXT_EVENT_STREAM;

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final int maxRequestBytes;

	private final ByteBudget bodies;

	/**
	 * @param bodies the budget of bodies held at once, of at least
	 * {@code maxRequestBytes}
	 */
	McpRequestGate(int maxRequestBytes, ByteBudget bodies) {
		this.maxRequestBytes = maxRequestBytes;
		this.bodies = bodies;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (CorsUtils.isPreFlightRequest(request)) {
			// the Host and Origin filter answers it first; any other OPTIONS is a method
			// /mcp does not take
			chain.doFilter(request, response);
			return;
		}
		if (!HttpMethod.POST.matches(request.getMethod())) {
			response.setHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
			refuse(response, HttpStatus.METHOD_NOT_ALLOWED,
					"This endpoint accepts POST only (stateless: no GET " + "stream, no session to DELETE)");
			return;
		}
		if (!isJson(request.getContentType()) || HeaderLines.isRepeated(request, HttpHeaders.CONTENT_TYPE)) {
			// of two, a proxy may read the other one
			refuseNamingTheRequest(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"Content-Type must be application/json (UTF-8)");
			return;
		}
		if (ContentCoding.isCoded(request)) {
			ContentCoding.offerIdentityOnly(response);
			refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, ContentCoding.REFUSED);
			return;
		}
		if (!acceptsJsonAndEventStream(request.getHeaders(HttpHeaders.ACCEPT))) {
			refuseNamingTheRequest(request, response, HttpStatus.NOT_ACCEPTABLE,
					"Accept must list application/json and text/event-stream");
			return;
		}
		ByteBudget.Read read = read(request);
		try {
			switch (read.outcome()) {
				case TOO_LARGE -> refuse(response, HttpStatus.CONTENT_TOO_LARGE,
						"The request body is larger than " + this.maxRequestBytes + " bytes");
				case NO_ROOM -> {
					response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
					ProtectiveHeaders.setOn(response);
					JsonRpcErrors.write(response, HttpStatus.SERVICE_UNAVAILABLE.value(), null,
							JsonRpcErrors.INTERNAL_ERROR, "The server is reading as many request bodies as it can "
									+ "hold; retry in " + RETRY_AFTER.toSeconds() + " second");
				}
				case READ -> chain.doFilter(CachedBodyRequest.of(request, read.body()), response);
			}
		}
		finally {
			this.bodies.release(read);
		}
	}

	/**
	 * A refusal for the request's headers naming the request's id when its body can be
	 * read (within the budget like any other).
	 */
	private void refuseNamingTheRequest(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String message) throws IOException {
		ByteBudget.Read read = read(request);
		try {
			refuse(response, status, idOf(read.body()), message);
		}
		finally {
			this.bodies.release(read);
		}
	}

	/** Refused at once when the budget has no room: a client retries after the 503. */
	private ByteBudget.Read read(HttpServletRequest request) throws IOException {
		return this.bodies.read(request.getInputStream(), request.getContentLengthLong(), this.maxRequestBytes,
				Duration.ZERO);
	}

	private static boolean isJson(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			Charset charset = type.getCharset();
			return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
					// US-ASCII is UTF-8's subset: its bytes read the same
					&& (charset == null || StandardCharsets.UTF_8.equals(charset)
							|| StandardCharsets.US_ASCII.equals(charset));
		}
		catch (IllegalArgumentException ex) {
			// an unknown charset name is as wrong as a malformed type
			return false;
		}
	}

	private static boolean acceptsJsonAndEventStream(Enumeration<String> values) {
		List<MediaType> ranges;
		try {
			ranges = MediaType.parseMediaTypes(java.util.Collections.list(values));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		return accepts(ranges, MediaType.APPLICATION_JSON) && accepts(ranges, EVENT_STREAM);
	}

	/**
	 * Whether the most specific range that matches {@code type} gives it a quality above
	 * 0 (RFC 9110 §12.5.1): {@code application/json;q=0} excludes JSON whatever a
	 * wildcard range also says.
	 */
	private static boolean accepts(List<MediaType> ranges, MediaType type) {
		return ranges.stream()
			.filter((range) -> range.includes(type))
			.max(Comparator.comparingInt(McpRequestGate::specificity).thenComparing(MediaType::getQualityValue))
			.filter((range) -> range.getQualityValue() > 0)
			.isPresent();
	}

	private static int specificity(MediaType range) {
		return range.isWildcardType() ? 0 : (range.isWildcardSubtype() ? 1 : 2);
	}

	/**
	 * The id of a request refused for its headers when its body was read and is JSON
	 * (JSON-RPC: the error names the request it answers wherever it can), else
	 * {@code null}.
	 */
	private static JsonNode idOf(byte[] body) {
		if (body == null) {
			return null;
		}
		try {
			return JsonRpcErrors.idOf(JSON.readTree(body));
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static void refuse(HttpServletResponse response, HttpStatus status, String message) throws IOException {
		refuse(response, status, null, message);
	}

	private static void refuse(HttpServletResponse response, HttpStatus status, JsonNode id, String message)
			throws IOException {
		ProtectiveHeaders.setOn(response);
		JsonRpcErrors.write(response, status.value(), id, JsonRpcErrors.INVALID_REQUEST, message);
	}

}
