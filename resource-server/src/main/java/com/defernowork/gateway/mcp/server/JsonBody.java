package com.defernowork.gateway.mcp.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.mcp.text.Quotes;
import com.defernowork.gateway.web.json.JsonRefusals;

/**
 * A request body read as one JSON value, or the parse error's message: decoded as UTF-8
 * first, strictly (JSON between systems is UTF-8, RFC 8259 §8.1; Jackson would otherwise
 * guess UTF-16 or UTF-32 from the first bytes, which the 2026-07-28 side does not),
 * within the parser's limits, which the message then names, and with no member twice in
 * one object: which of two values counts is unpredictable (RFC 8259 §4), and a parser
 * that keeps the last would let {@code "description": null} after the real one clear it.
 */
final class JsonBody {

	private static final Logger logger = LoggerFactory.getLogger(JsonBody.class);

	static final String NOT_ONE_VALUE = "Parse error: the body is not one JSON value in UTF-8";

	private final ObjectReader reader;

	private final String beyondLimits;

	JsonBody(JsonMapper jsonMapper) {
		// fractions exactly, as the SDKs read the message (CatalogConfig's mapper): a
		// double would make 10.0000000000000000000001 a whole 10
		this.reader = jsonMapper.readerFor(JsonNode.class)
			.with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
		// the client gets all three limits: Jackson names the one hit in terms of its API
		this.beyondLimits = "Parse error: the body is beyond this server's JSON limits ("
				+ JsonRefusals.limits(jsonMapper) + ")";
	}

	/** The body's one JSON value, or why there is none. */
	Parsed parse(byte[] body) {
		try {
			JsonNode value = this.reader
				.readTree(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString());
			return (value == null || value.isMissingNode()) ? new Parsed(null, NOT_ONE_VALUE) : new Parsed(value, null);
		}
		catch (StreamConstraintsException ex) {
			logger.debug("MCP request beyond the JSON limits: {}", ex.getMessage());
			return new Parsed(null, this.beyondLimits);
		}
		catch (StreamReadException ex) {
			logger.debug("Unparseable MCP request: {}", ex.getMessage());
			return new Parsed(null,
					JsonRefusals.repeatedMember(ex)
						.map((name) -> "Parse error: an object has the member \"" + Quotes.atMost(name, Quotes.SHORT)
								+ "\" twice; send each member once")
						.orElse(NOT_ONE_VALUE));
		}
		catch (CharacterCodingException | JacksonException ex) {
			logger.debug("Unparseable MCP request: {}", ex.getMessage());
			return new Parsed(null, NOT_ONE_VALUE);
		}
	}

	/** Either a value or the -32700 message saying why there is none. */
	record Parsed(JsonNode value, String problem) {
	}

}
