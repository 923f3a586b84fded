package com.defernowork.gateway.sandbox.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A stored occurrence row of a recurring item. Status is the snake_case occurrence status
 * ({@code scheduled}, {@code in_progress}, {@code done_on_time}, {@code done_late},
 * {@code dropped}, {@code skipped}); habits use {@code done_on_time} for done and
 * {@code dropped} for explicitly not done.
 */
public final class Occurrence {

	public final UUID id;

	public final LocalDate date;

	public String status;

	public Instant doneAt;

	public LocalDate rescheduledFrom;

	public LocalDate rescheduledTo;

	public Occurrence(UUID id, LocalDate date, String status) {
		this.id = id;
		this.date = date;
		this.status = status;
	}

	public boolean resolved() {
		return !"scheduled".equals(this.status) && !"in_progress".equals(this.status);
	}

	public Occurrence copy() {
		Occurrence copy = new Occurrence(this.id, this.date, this.status);
		copy.doneAt = this.doneAt;
		copy.rescheduledFrom = this.rescheduledFrom;
		copy.rescheduledTo = this.rescheduledTo;
		return copy;
	}

}
