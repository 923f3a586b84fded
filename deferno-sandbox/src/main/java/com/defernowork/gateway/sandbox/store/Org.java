package com.defernowork.gateway.sandbox.store;

import java.util.UUID;

/**
 * An organization: items live in one and take its next sequence number. Guarded by the
 * store lock.
 */
public final class Org {

	public final UUID id;

	public final String slug;

	public final boolean personal;

	private int lastSequence;

	public Org(UUID id, String slug, boolean personal) {
		this.id = id;
		this.slug = slug;
		this.personal = personal;
	}

	public int nextSequence() {
		return ++this.lastSequence;
	}

}
