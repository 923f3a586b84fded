package com.defernowork.gateway.auth.registration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.audit.AuditEvent;
import com.defernowork.gateway.auth.storage.IdleClients;

import org.springframework.context.ApplicationEventPublisher;

/**
 * One sweep of the client store: reports each client it reaped for being idle
 * ({@code client.reaped}). The store expires clients by itself and silently; the sweep is
 * what makes a reaping visible to the operator.
 */
final class IdleClientReaper {

	private static final Logger logger = LoggerFactory.getLogger(IdleClientReaper.class);

	private final IdleClients clients;

	private final ApplicationEventPublisher events;

	IdleClientReaper(IdleClients clients, ApplicationEventPublisher events) {
		this.clients = clients;
		this.events = events;
	}

	void sweep() {
		try {
			for (String clientId : this.clients.reap()) {
				this.events.publishEvent(AuditEvent.of(AuditEvent.CLIENT_REAPED, null, clientId));
			}
		}
		catch (RuntimeException ex) {
			// the store is unreachable: the clients stay listed and the next sweep
			// reports them
			logger.warn("Sweeping for idle clients failed; trying again at the next sweep: {}", ex.getMessage());
		}
	}

}
