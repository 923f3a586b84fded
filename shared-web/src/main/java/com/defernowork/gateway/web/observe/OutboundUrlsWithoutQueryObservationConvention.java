package com.defernowork.gateway.web.observe;

import java.net.URI;

import io.micrometer.common.KeyValue;

import org.springframework.http.client.observation.ClientHttpObservationDocumentation;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Calls out ({@code http.client.requests}) with their URL's scheme, host, port and path
 * alone in a span's {@code http.url}: the default quotes the query too, and a Deferno
 * search's query is what a person typed, sent to the trace collector on every sampled
 * call, where the servers' own spans and logs never carry arguments.
 */
public final class OutboundUrlsWithoutQueryObservationConvention extends DefaultClientRequestObservationConvention {

	@Override
	protected KeyValue requestUri(ClientRequestObservationContext context) {
		URI uri = (context.getCarrier() != null) ? context.getCarrier().getURI() : null;
		if (uri == null) {
			return super.requestUri(context);
		}
		String url = UriComponentsBuilder.fromUri(uri).userInfo(null).replaceQuery(null).fragment(null).toUriString();
		return KeyValue.of(ClientHttpObservationDocumentation.HighCardinalityKeyNames.HTTP_URL, url);
	}

}
