package com.defernowork.gateway.auth.cimd;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.MessageHeaders;

/**
 * The response headers that decide caching and revalidation of a document, as received
 * (several {@code Cache-Control} headers joined with commas); any may be null.
 */
record CacheHeaders(String cacheControl, String expires, String date, String age, String etag, String lastModified) {

	static final CacheHeaders NONE = new CacheHeaders(null, null, null, null, null, null);

	static CacheHeaders of(MessageHeaders response) {
		return new CacheHeaders(joined(response, HttpHeaders.CACHE_CONTROL), first(response, HttpHeaders.EXPIRES),
				first(response, HttpHeaders.DATE), first(response, HttpHeaders.AGE), first(response, HttpHeaders.ETAG),
				first(response, HttpHeaders.LAST_MODIFIED));
	}

	boolean hasValidators() {
		return this.etag != null || this.lastModified != null;
	}

	/**
	 * The stored headers updated by those of a 304 answer, which replace the ones it
	 * carries (RFC 9111 §4.3.4).
	 */
	CacheHeaders updatedBy(CacheHeaders notModified) {
		return new CacheHeaders(or(notModified.cacheControl, this.cacheControl), or(notModified.expires, this.expires),
				or(notModified.date, this.date), notModified.age, or(notModified.etag, this.etag),
				or(notModified.lastModified, this.lastModified));
	}

	private static String first(MessageHeaders response, String name) {
		Header header = response.getFirstHeader(name);
		return (header != null) ? header.getValue() : null;
	}

	private static String joined(MessageHeaders response, String name) {
		Header[] headers = response.getHeaders(name);
		return (headers.length == 0) ? null
				: Arrays.stream(headers).map(Header::getValue).collect(Collectors.joining(", "));
	}

	private static String or(String preferred, String fallback) {
		return (preferred != null) ? preferred : fallback;
	}

}
