package com.defernowork.gateway.web.json;

import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Why Jackson refused a document, in terms a client can act on: Jackson names a repeated
 * member, and the limit a document went beyond, only in words of its own API.
 */
public final class JsonRefusals {

	private static final String DUPLICATE = "Duplicate Object property";

	private JsonRefusals() {
	}

	/**
	 * The member an object has twice, when that is why {@code ex} refused the document (a
	 * reader with {@code STRICT_DUPLICATE_DETECTION}).
	 */
	public static Optional<String> repeatedMember(JacksonException ex) {
		if (!(ex instanceof StreamReadException read)
				|| !String.valueOf(read.getOriginalMessage()).startsWith(DUPLICATE)
				|| !(read.processor() instanceof JsonParser parser) || parser.currentName() == null) {
			return Optional.empty();
		}
		return Optional.of(parser.currentName());
	}

	/** The limits {@code mapper}'s parsers hold a document to, in words. */
	public static String limits(JsonMapper mapper) {
		StreamReadConstraints limits = mapper.tokenStreamFactory().streamReadConstraints();
		return "nesting at most %d levels, numbers at most %d digits, member names at most %d characters"
			.formatted(limits.getMaxNestingDepth(), limits.getMaxNumberLength(), limits.getMaxNameLength());
	}

}
