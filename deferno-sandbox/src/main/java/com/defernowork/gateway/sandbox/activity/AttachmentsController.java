package com.defernowork.gateway.sandbox.activity;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.items.ItemAccess;
import com.defernowork.gateway.sandbox.recurring.Schedules;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Kind;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Attachment routes at item level ({@code /items/{id}/attachments…}; an Event needs its
 * occurrence date) and on Event occurrences
 * ({@code /events/{id}/occurrences/{date}/attachments…}). Deletes also accept the newer
 * {@code POST …/delete} form.
 */
@RestController
final class AttachmentsController {

	private static final String ITEM = "/api/items/{id}/attachments";

	private static final String OCCURRENCE = "/api/events/{id}/occurrences/{date}/attachments";

	private final SandboxStore store;

	private final ItemAccess access;

	private final Attachments attachments;

	AttachmentsController(SandboxStore store, ItemAccess access, Attachments attachments) {
		this.store = store;
		this.access = access;
		this.attachments = attachments;
	}

	@PostMapping(ITEM + "/presign")
	Map<String, Object> presign(Account account, @PathVariable UUID id,
			@RequestBody(required = false) Map<String, Object> json) {
		return this.store.locked(() -> this.attachments.presign(account, item(account, id), null, Body.of(json)));
	}

	@PostMapping(ITEM)
	ResponseEntity<List<Map<String, Object>>> commit(Account account, @PathVariable UUID id,
			@RequestBody(required = false) Map<String, Object> json) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(this.store.locked(() -> this.attachments.commit(account, item(account, id), null, Body.of(json))));
	}

	@GetMapping(ITEM)
	List<Map<String, Object>> list(Account account, @PathVariable UUID id) {
		return this.store.locked(() -> this.attachments.list(item(account, id), null));
	}

	@DeleteMapping(ITEM + "/{attachmentId}")
	ResponseEntity<Void> delete(Account account, @PathVariable UUID id, @PathVariable UUID attachmentId) {
		this.store.locked(() -> this.attachments.delete(item(account, id), null, attachmentId));
		return ResponseEntity.noContent().build();
	}

	// Deferno requires this JSON body (activity metadata, all optional; unused here)
	@PostMapping(ITEM + "/{attachmentId}/delete")
	ResponseEntity<Void> deleteByPost(Account account, @PathVariable UUID id, @PathVariable UUID attachmentId,
			@RequestBody Map<String, Object> activity) {
		return delete(account, id, attachmentId);
	}

	@PatchMapping(ITEM + "/{attachmentId}")
	Map<String, Object> caption(Account account, @PathVariable UUID id, @PathVariable UUID attachmentId,
			@RequestBody(required = false) Map<String, Object> json) {
		return this.store
			.locked(() -> this.attachments.caption(account, item(account, id), null, attachmentId, Body.of(json)));
	}

	@PostMapping(OCCURRENCE + "/presign")
	Map<String, Object> presignOccurrence(Account account, @PathVariable UUID id, @PathVariable String date,
			@RequestBody(required = false) Map<String, Object> json) {
		return this.store.locked(() -> {
			Item event = event(account, id);
			return this.attachments.presign(account, event, occurrence(event, date), Body.of(json));
		});
	}

	@PostMapping(OCCURRENCE)
	ResponseEntity<List<Map<String, Object>>> commitOccurrence(Account account, @PathVariable UUID id,
			@PathVariable String date, @RequestBody(required = false) Map<String, Object> json) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.store.locked(() -> {
			Item event = event(account, id);
			return this.attachments.commit(account, event, occurrence(event, date), Body.of(json));
		}));
	}

	@GetMapping(OCCURRENCE)
	List<Map<String, Object>> listOccurrence(Account account, @PathVariable UUID id, @PathVariable String date) {
		return this.store.locked(() -> {
			Item event = event(account, id);
			return this.attachments.list(event, occurrence(event, date));
		});
	}

	@DeleteMapping(OCCURRENCE + "/{attachmentId}")
	ResponseEntity<Void> deleteOccurrence(Account account, @PathVariable UUID id, @PathVariable String date,
			@PathVariable UUID attachmentId) {
		this.store.locked(() -> {
			Item event = event(account, id);
			this.attachments.delete(event, occurrence(event, date), attachmentId);
		});
		return ResponseEntity.noContent().build();
	}

	// Deferno requires this JSON body (activity metadata, all optional; unused here)
	@PostMapping(OCCURRENCE + "/{attachmentId}/delete")
	ResponseEntity<Void> deleteOccurrenceByPost(Account account, @PathVariable UUID id, @PathVariable String date,
			@PathVariable UUID attachmentId, @RequestBody Map<String, Object> activity) {
		return deleteOccurrence(account, id, date, attachmentId);
	}

	@PatchMapping(OCCURRENCE + "/{attachmentId}")
	Map<String, Object> captionOccurrence(Account account, @PathVariable UUID id, @PathVariable String date,
			@PathVariable UUID attachmentId, @RequestBody(required = false) Map<String, Object> json) {
		return this.store.locked(() -> {
			Item event = event(account, id);
			return this.attachments.caption(account, event, occurrence(event, date), attachmentId, Body.of(json));
		});
	}

	private Item item(Account account, UUID id) {
		Item item = this.access.item(account, id);
		if (item.kind == Kind.EVENT) {
			throw ApiException
				.badRequest("item-level attachments are not supported for Event; use the occurrence date");
		}
		return item;
	}

	private Item event(Account account, UUID id) {
		return this.access.item(account, id, Kind.EVENT);
	}

	private static LocalDate occurrence(Item event, String date) {
		LocalDate day = Body.date("date", date);
		if (!Schedules.isOccurrence(event, day)) {
			throw ApiException.notFound("no occurrence of this event on " + day);
		}
		return day;
	}

}
