package com.defernowork.gateway.auth.cimd;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.binder.httpcomponents.hc5.ApacheHttpClientContext;
import io.micrometer.core.instrument.binder.httpcomponents.hc5.DefaultApacheHttpClientObservationConvention;

/**
 * Micrometer's HttpClient observation without the target host and port as metric tags:
 * anyone can make this server fetch from any host and port they choose, and each would
 * add a series to the metrics.
 */
final class DocumentFetchObservationConvention extends DefaultApacheHttpClientObservationConvention {

	private static final String DOCUMENT_HOST = "client-metadata-document";

	@Override
	protected KeyValue targetHost(ApacheHttpClientContext context) {
		return KeyValue.of(super.targetHost(context).getKey(), DOCUMENT_HOST);
	}

	@Override
	protected KeyValue targetPort(ApacheHttpClientContext context) {
		return KeyValue.of(super.targetPort(context).getKey(), KeyValue.NONE_VALUE);
	}

}
