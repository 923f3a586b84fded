package com.defernowork.gateway.sandbox.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A committed attachment, or a presigned intent waiting for its upload and commit. */
public final class Attachment {

	public final UUID id;

	public final UUID itemId;

	public final LocalDate occurrenceDate;

	public final String provider;

	public final String filename;

	public final String mime;

	public final long size;

	public final UUID createdBy;

	public final Instant createdAt;

	public final String externalUrl;

	public boolean committed;

	public byte[] content;

	public String caption;

	public Instant captionUpdatedAt;

	public UUID captionUpdatedBy;

	public Attachment(UUID id, UUID itemId, LocalDate occurrenceDate, String provider, String filename, String mime,
			long size, UUID createdBy, Instant createdAt, String externalUrl) {
		this.id = id;
		this.itemId = itemId;
		this.occurrenceDate = occurrenceDate;
		this.provider = provider;
		this.filename = filename;
		this.mime = mime;
		this.size = size;
		this.createdBy = createdBy;
		this.createdAt = createdAt;
		this.externalUrl = externalUrl;
	}

}
