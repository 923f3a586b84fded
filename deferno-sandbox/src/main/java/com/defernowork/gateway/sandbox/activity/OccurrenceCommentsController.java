package com.defernowork.gateway.sandbox.activity;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.items.ItemAccess;
import com.defernowork.gateway.sandbox.recurring.Schedules;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Comment;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Kind;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Comments embedded in an Event occurrence; PATCH and DELETE act on the caller's first
 * (oldest) one on that date, as Deferno's act on the occurrence's first comment.
 */
@RestController
final class OccurrenceCommentsController {

	private static final String PATH = "/api/events/{id}/occurrences/{date}/comment";

	private final SandboxStore store;

	private final ItemAccess access;

	private final Clock clock;

	OccurrenceCommentsController(SandboxStore store, ItemAccess access, Clock clock) {
		this.store = store;
		this.access = access;
		this.clock = clock;
	}

	@PostMapping(PATH)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> post(Account account, @PathVariable UUID id, @PathVariable String date,
			@RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		String text = CommentBodies.body(body);
		boolean isPrivate = Boolean.TRUE.equals(body.bool("is_private"));
		return this.store.locked(() -> {
			LocalDate day = occurrence(account, id, date);
			Comment comment = new Comment(UUID.randomUUID(), id, account.id(), day, text, isPrivate,
					this.clock.instant());
			this.store.comments.put(comment.id, comment);
			return ActivityViews.comment(comment);
		});
	}

	@PatchMapping(PATH)
	Map<String, Object> patch(Account account, @PathVariable UUID id, @PathVariable String date,
			@RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		CommentBodies.requirePatch(body);
		return this.store.locked(() -> {
			Comment comment = first(account, id, occurrence(account, id, date));
			CommentBodies.apply(comment, body, this.clock.instant());
			return ActivityViews.comment(comment);
		});
	}

	@DeleteMapping(PATH)
	ResponseEntity<Void> delete(Account account, @PathVariable UUID id, @PathVariable String date) {
		this.store.locked(() -> this.store.comments.remove(first(account, id, occurrence(account, id, date)).id));
		return ResponseEntity.noContent().build();
	}

	// Deferno requires this JSON body (activity metadata, all optional; unused here)
	@PostMapping(PATH + "/delete")
	ResponseEntity<Void> deleteByPost(Account account, @PathVariable UUID id, @PathVariable String date,
			@RequestBody Map<String, Object> activity) {
		return delete(account, id, date);
	}

	private LocalDate occurrence(Account account, UUID id, String date) {
		Item event = this.access.item(account, id, Kind.EVENT);
		LocalDate day = com.defernowork.gateway.sandbox.api.Body.date("date", date);
		if (!Schedules.isOccurrence(event, day)) {
			throw ApiException.notFound("no occurrence of this event on " + day);
		}
		return day;
	}

	private Comment first(Account account, UUID eventId, LocalDate day) {
		return this.store.comments.values()
			.stream()
			.filter((c) -> c.itemId.equals(eventId) && day.equals(c.occurrenceDate) && c.authorId.equals(account.id()))
			.min(Comparator.comparing((Comment c) -> c.createdAt))
			.orElseThrow(() -> ApiException.notFound("no comment of yours on the occurrence of " + day));
	}

}
