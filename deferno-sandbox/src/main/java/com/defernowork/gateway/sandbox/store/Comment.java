package com.defernowork.gateway.sandbox.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A comment on an item, or embedded in an event occurrence ({@code occurrenceDate} set).
 */
public final class Comment {

	public final UUID id;

	public final UUID itemId;

	public final UUID authorId;

	public final LocalDate occurrenceDate;

	public final Instant createdAt;

	public String body;

	public boolean isPrivate;

	public Instant updatedAt;

	public Comment(UUID id, UUID itemId, UUID authorId, LocalDate occurrenceDate, String body, boolean isPrivate,
			Instant createdAt) {
		this.id = id;
		this.itemId = itemId;
		this.authorId = authorId;
		this.occurrenceDate = occurrenceDate;
		this.body = body;
		this.isPrivate = isPrivate;
		this.createdAt = createdAt;
	}

	public boolean visibleTo(UUID userId) {
		return !this.isPrivate || this.authorId.equals(userId);
	}

}
