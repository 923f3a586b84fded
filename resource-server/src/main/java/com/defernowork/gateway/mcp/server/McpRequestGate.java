package com.defernowork.gateway.mcp.server;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

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

import com.defernowork.gateway.mcp.http.CachedBodyRequest;
import com.defernowork.gateway.web.ProtectiveHeaders;

/**
 * The transport rules both protocol eras share, checked before anything reads a request
 * to {@code /mcp}: POST only (405; a CORS preflight goes on to the security layer), a
 * body of at most the configured size (413), {@code Content-Type: application/json} in
 * UTF-8 without a content coding (415), and an {@code Accept} that lists
 * {@code application/json} and {@code text/event-stream} (406); those two refusals name
 * the request's id when its body is JSON. The body is read here once, bounded, and kept
 * for the filters and the endpoint behind (one the container cannot read to its end goes
 * to its error page, {@link McpErrorPageFilter}). These answers come before Spring
 * Security, so they carry its protective headers themselves (a 405 would otherwise be
 * cacheable by default, RFC 9111 §4.2.2).
 * <p>
 * The bodies held at once share a budget of bytes (a body's declared length, the largest
 * allowed when it has none), taken before reading and given back when the request ends: a
 * body arrives at the client's pace, and some 150 connections that each sent all but the
 * last byte of a 1 MB body ran an 80 MB heap out of memory. Beyond the budget a request
 * gets 503 with {@code Retry-After} instead.
 */
final class McpRequestGate extends OncePerRequestFilter {

	private static final MediaType EVENT_STREAM = MediaType.TEXT_EVENT_STREAM;

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final int maxRequestBytes;

	private final Semaphore bodyBytes;

	/**
	 * @param bodyBudget bytes of bodies held at once; at least {@code maxRequestBytes}
	 */
	McpRequestGate(int maxRequestBytes, int bodyBudget) {
		this.maxRequestBytes = maxRequestBytes;
		this.bodyBytes = new Semaphore(Math.max(bodyBudget, maxRequestBytes));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (CorsUtils.isPreFlightRequest(request)) {
			// the security layer answers it; any other OPTIONS is a method /mcp does not
			// take
			chain.doFilter(request, response);
			return;
		}
		if (!HttpMethod.POST.matches(request.getMethod())) {
			response.setHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
			refuse(response, HttpStatus.METHOD_NOT_ALLOWED,
					"This endpoint accepts POST only (stateless: no GET " + "stream, no session to DELETE)");
			return;
		}
		if (!isJson(request.getContentType())) {
			refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, idOf(request),
					"Content-Type must be application/json (UTF-8)");
			return;
		}
		if (hasContentCoding(request)) {
			// RFC 9110 §15.5.16 and RFC 7694: say which codings would do, here none
			response.setHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
			refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"Content-Encoding is not supported: send the body uncompressed");
			return;
		}
		if (!acceptsJsonAndEventStream(request.getHeaders(HttpHeaders.ACCEPT))) {
			refuse(response, HttpStatus.NOT_ACCEPTABLE, idOf(request),
					"Accept must list application/json and text/event-stream");
			return;
		}
		long length = request.getContentLengthLong();
		if (length > this.maxRequestBytes) {
			tooLarge(response);
			return;
		}
		int reserved = (length >= 0) ? (int) length : this.maxRequestBytes;
		if (!this.bodyBytes.tryAcquire(reserved)) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
			ProtectiveHeaders.setOn(response);
			JsonRpcErrors.write(response, HttpStatus.SERVICE_UNAVAILABLE.value(), null, JsonRpcErrors.INTERNAL_ERROR,
					"The server is reading as many request bodies as it can hold; retry in " + RETRY_AFTER.toSeconds()
							+ " second");
			return;
		}
		try {
			Optional<CachedBodyRequest> cached = CachedBodyRequest.ofAtMost(request, this.maxRequestBytes);
			if (cached.isEmpty()) {
				tooLarge(response);
				return;
			}
			chain.doFilter(cached.get(), response);
		}
		finally {
			this.bodyBytes.release(reserved);
		}
	}

	private void tooLarge(HttpServletResponse response) throws IOException {
		refuse(response, HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than " + this.maxRequestBytes + " bytes");
	}

	private static boolean isJson(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			Charset charset = type.getCharset();
			return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
					&& (charset == null || StandardCharsets.UTF_8.equals(charset));
		}
		catch (IllegalArgumentException ex) {
			// an unknown charset name is as wrong as a malformed type
			return false;
		}
	}

	/**
	 * Whether the body comes compressed (or in any other coding): nothing behind decodes
	 * it. {@code identity}, which names no coding, is let through.
	 */
	private static boolean hasContentCoding(HttpServletRequest request) {
		return HeaderValues.of(request, HttpHeaders.CONTENT_ENCODING)
			.anyMatch((coding) -> !coding.isEmpty() && !"identity".equalsIgnoreCase(coding));
	}

	private static boolean acceptsJsonAndEventStream(java.util.Enumeration<String> values) {
		List<MediaType> accepted;
		try {
			// q=0 says "not acceptable" (RFC 9110 §12.4.2)
			accepted = MediaType.parseMediaTypes(java.util.Collections.list(values))
				.stream()
				.filter((type) -> type.getQualityValue() > 0)
				.toList();
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		return accepted.stream().anyMatch((type) -> type.includes(MediaType.APPLICATION_JSON) && !type.isWildcardType())
				&& accepted.stream().anyMatch((type) -> type.includes(EVENT_STREAM) && !type.isWildcardType())
				|| accepted.stream().anyMatch(MediaType::isWildcardType);
	}

	/**
	 * The id of a request refused for its headers when its body can be read (JSON-RPC:
	 * the error names the request it answers wherever it can), else {@code null}.
	 */
	private JsonNode idOf(HttpServletRequest request) throws IOException {
		Optional<CachedBodyRequest> cached = CachedBodyRequest.ofAtMost(request, this.maxRequestBytes);
		if (cached.isEmpty()) {
			return null;
		}
		try {
			return JsonRpcErrors.idOf(JSON.readTree(cached.get().body()));
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
