package com.defernowork.gateway.sandbox.activity;

import java.time.Instant;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.store.Comment;

/** Validation shared by the comment routes. */
final class CommentBodies {

	static final int MAX_LENGTH = 10_000;

	private CommentBodies() {
	}

	static String body(Body body) {
		String text = body.string("body");
		if (text == null || text.isBlank()) {
			throw ApiException.validation("body must be non-empty");
		}
		// characters, as the backend (and JSON Schema) count them, not UTF-16 units
		if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
			throw ApiException.validation("body exceeds " + MAX_LENGTH + " characters");
		}
		return text;
	}

	/** A PATCH must change something: an empty object is a 422, as in the backend. */
	static void requirePatch(Body body) {
		if (!body.has("body") && !body.has("is_private")) {
			throw ApiException.unprocessable("Failed to deserialize the JSON body into the target type:"
					+ " expected at least one of 'body', 'is_private'");
		}
		if (body.has("body")) {
			body(body);
		}
		if (body.has("is_private") && body.bool("is_private") == null) {
			throw ApiException.validation("is_private must be true or false");
		}
	}

	static void apply(Comment comment, Body body, Instant now) {
		if (body.has("body")) {
			comment.body = body.string("body");
		}
		if (body.has("is_private")) {
			comment.isPrivate = body.bool("is_private");
		}
		comment.updatedAt = now;
	}

}
