package com.defernowork.gateway.auth.cimd;

import com.defernowork.gateway.web.text.PrintableText;

/**
 * Why a URL {@code client_id} cannot be used right now. The message is a sentence for the
 * person on the error page: it names what was wrong, never an internal address or
 * exception class. What it quotes from the document or the answer of its host is reduced
 * to a short run of printable ASCII: anyone can publish a document, so the page must not
 * show their own words, invisible or reordering characters among them, at length.
 */
public final class ClientDocumentException extends RuntimeException {

	/**
	 * What kind of failure, which decides whether a cached copy of the document may
	 * survive it.
	 */
	public enum Reason {

		/** The {@code client_id} is not a URL a metadata document may live at. */
		INVALID_CLIENT_ID,

		/** The address is not one this server fetches from (special-use, private). */
		REFUSED_ADDRESS,

		/**
		 * The host answered, but not with a document (4xx or other non-200 status below
		 * 500, type, size, redirect).
		 */
		REFUSED_RESPONSE,

		/** The document is there but breaks the rules. */
		INVALID_DOCUMENT,

		/**
		 * Could not be fetched now: unreachable, slow, failing (5xx), or too many fetches
		 * at once. Worth trying again later; a recently expired cached copy may stand in.
		 */
		UNAVAILABLE

	}

	private static final int MAX_DETAIL = 200;

	private final Reason reason;

	ClientDocumentException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	static ClientDocumentException notFetched(Reason reason, String detail) {
		return new ClientDocumentException(reason,
				"The client's metadata document could not be fetched: " + PrintableText.of(detail, MAX_DETAIL));
	}

	static ClientDocumentException invalid(String detail) {
		return new ClientDocumentException(Reason.INVALID_DOCUMENT,
				"The client's metadata document is not valid: " + PrintableText.of(detail, MAX_DETAIL));
	}

}
