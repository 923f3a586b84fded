package com.defernowork.gateway.auth.cimd;

import java.time.Duration;
import java.util.function.Supplier;

import com.defernowork.gateway.auth.audit.AuditEvent;
import com.defernowork.gateway.auth.config.NewClients;
import com.defernowork.gateway.auth.config.TooManyNewClients;
import com.defernowork.gateway.auth.registration.NewClientQuota;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Every client, registered or not: a URL {@code client_id} is its metadata document. Only
 * the authorization endpoint admits such a client ({@link DocumentRequestCheck}), keeping
 * its last valid version in the client store under the URL as id: nothing else makes this
 * server fetch the document of a client it does not keep. A lookup by client id resolves
 * the document again (a change counts once its cached copy expires) and falls back to the
 * stored copy, so a client whose document went away keeps its grants until disconnected
 * or reaped. Lookups by id (stored grants) use the stored copy, resolving the document
 * only when it is gone.
 */
final class DocumentClientRepository implements RegisteredClientRepository {

	private final RegisteredClientRepository stored;

	private final ClientDocuments documents;

	private final Supplier<TokenSettings> tokenSettings;

	private final StoredVersions lastStored = new StoredVersions();

	private final ApplicationEventPublisher events;

	private final NewClientQuota quota;

	DocumentClientRepository(RegisteredClientRepository stored, ClientDocuments documents,
			Supplier<TokenSettings> tokenSettings, ApplicationEventPublisher events, NewClientQuota quota) {
		this.stored = stored;
		this.documents = documents;
		this.tokenSettings = tokenSettings;
		this.events = events;
		this.quota = quota;
	}

	@Override
	public void save(RegisteredClient client) {
		this.stored.save(client);
		if (ClientIdUrl.isUrl(client.getId())) {
			// claimed at the consent page, say: what this instance last stored
			this.lastStored.put(client.getId(), client);
		}
	}

	@Override
	public RegisteredClient findById(String id) {
		RegisteredClient client = this.stored.findById(id);
		if (client == null && ClientIdUrl.isUrl(id)) {
			// the stored copy expired or was reaped: store it again, even if unchanged (a
			// consent is kept only for a client the store still has)
			this.lastStored.forget(id);
			return resolve(id, true);
		}
		return client;
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		if (!ClientIdUrl.isUrl(clientId)) {
			return this.stored.findByClientId(clientId);
		}
		RegisteredClient known = this.stored.findById(clientId);
		if (known == null) {
			return null;
		}
		RegisteredClient client = resolve(clientId, false);
		return (client != null) ? client : known;
	}

	/**
	 * The client as its document says now, stored when it changed: what an authorization
	 * request naming the URL starts with.
	 * @param signedIn whether a person is signed in for the request: one no one is signed
	 * in for keeps a new client {@link NewClients unclaimed}, so that requests anyone can
	 * make store it for the unclaimed time to live only, as registrations are
	 * @param caller the address the request came from: a new client counts against its
	 * network's {@link NewClientQuota}, as a registration does
	 * @throws ClientDocumentException when there is no valid document, saying why
	 * @throws TooManyNewClients when the client is new and its network has added its new
	 * clients of the hour
	 */
	RegisteredClient admit(String url, boolean signedIn, String caller) {
		// the store may have lost its copy (reaped as idle) while this instance remembers
		// storing it
		this.lastStored.forget(url);
		if (this.stored.findById(url) == null) {
			// a new client, as a registration is: before its document is fetched, which
			// a flood of new URLs would otherwise cost too
			Duration wait = this.quota.refusal(caller);
			if (wait != null) {
				throw new TooManyNewClients(this.quota.perHour(), wait);
			}
		}
		return current(url, signedIn);
	}

	/**
	 * @param vouched whether a person or a grant stands for the client, which claims it;
	 * else it stays as the store has it, and a new one is unclaimed
	 */
	private RegisteredClient current(String url, boolean vouched) {
		RegisteredClient described = this.documents.resolve(url).toRegisteredClient(this.tokenSettings.get());
		RegisteredClient last = this.lastStored.get(url);
		if (last != null && !(vouched && NewClients.isUnclaimed(last))
				&& last.equals(marked(described, NewClients.isUnclaimed(last)))) {
			return last;
		}
		RegisteredClient known = this.stored.findById(url);
		RegisteredClient client = marked(described, !vouched && (known == null || NewClients.isUnclaimed(known)));
		if (!client.equals(known)) {
			this.stored.save(client);
		}
		if (known == null) {
			this.events.publishEvent(AuditEvent.of(AuditEvent.CLIENT_REGISTERED, null, url)
				.with("kind", "cimd")
				.with("client_name", client.getClientName()));
		}
		this.lastStored.put(url, client);
		return client;
	}

	private static RegisteredClient marked(RegisteredClient client, boolean unclaimed) {
		return unclaimed ? NewClients.unclaimed(client) : client;
	}

	/** {@link #current}, or null when there is no valid document. */
	private RegisteredClient resolve(String url, boolean vouched) {
		try {
			return current(url, vouched);
		}
		catch (ClientDocumentException ex) {
			return null;
		}
	}

}
