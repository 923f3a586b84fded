package com.defernowork.gateway.auth.cimd;

/**
 * What a fetch brought back: a document body of at most
 * {@value DocumentFetcher#MAX_BYTES} bytes, or, for a conditional request, word that the
 * cached copy is still current.
 *
 * @param body the document, null when not modified
 * @param headers the caching headers of the answer
 */
record FetchedDocument(byte[] body, CacheHeaders headers) {

	boolean notModified() {
		return this.body == null;
	}

}
