package com.defernowork.gateway.auth.upstream;

import java.net.URI;

/** One way of signing a person in through Deferno ({@code auth.upstream.connector}). */
interface UpstreamConnector {

	/** Where to send the browser to sign in; may contact the upstream (registration, discovery). */
	URI authorizationUri(PendingLogin login);

	/** Redeems the callback's code: the person and their Deferno token. */
	UpstreamSignIn complete(PendingLogin login, String code, RequestingClient client);

}
