package com.defernowork.gateway.sandbox.activity;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.items.ItemAccess;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Comment;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Item-level comments ({@code /items/{id}/comments}; Events need the occurrence route)
 * and the generic {@code /comments/{id}} edit and delete, which reach a comment wherever
 * it lives, on an item or one of its occurrences, as the backend's do.
 */
@RestController
final class CommentsController {

	private final SandboxStore store;

	private final ItemAccess access;

	private final Clock clock;

	CommentsController(SandboxStore store, ItemAccess access, Clock clock) {
		this.store = store;
		this.access = access;
		this.clock = clock;
	}

	@PostMapping({ "/api/items/{id}/comments", "/api/tasks/{id}/comments" })
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> post(Account account, @PathVariable UUID id,
			@RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		String text = CommentBodies.body(body);
		boolean isPrivate = Boolean.TRUE.equals(body.bool("is_private"));
		return this.store.locked(() -> {
			Item item = this.access.item(account, id);
			if (item.kind == Kind.EVENT) {
				throw ApiException.badRequest("item-level comments are not supported for Event");
			}
			Comment comment = new Comment(UUID.randomUUID(), item.id, account.id(), null, text, isPrivate,
					this.clock.instant());
			this.store.comments.put(comment.id, comment);
			return ActivityViews.comment(comment);
		});
	}

	/**
	 * The activity timeline; recurring kinds fold their occurrences' comments, tagged
	 * with the date.
	 */
	@GetMapping({ "/api/items/{id}/comments", "/api/tasks/{id}/comments" })
	List<Map<String, Object>> list(Account account, @PathVariable UUID id) {
		return this.store.locked(() -> {
			Item item = this.access.item(account, id);
			return this.store.comments.values()
				.stream()
				.filter((c) -> c.itemId.equals(item.id) && c.visibleTo(account.id()))
				.sorted(Comparator.comparing((Comment c) -> c.createdAt))
				.map(ActivityViews::comment)
				.toList();
		});
	}

	@PatchMapping("/api/comments/{id}")
	Map<String, Object> patch(Account account, @PathVariable UUID id,
			@RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		CommentBodies.requirePatch(body);
		return this.store.locked(() -> {
			Comment comment = own(account, id);
			CommentBodies.apply(comment, body, this.clock.instant());
			return ActivityViews.comment(comment);
		});
	}

	@DeleteMapping("/api/comments/{id}")
	ResponseEntity<Void> delete(Account account, @PathVariable UUID id) {
		this.store.locked(() -> this.store.comments.remove(own(account, id).id));
		return ResponseEntity.noContent().build();
	}

	// Deferno requires this JSON body (activity metadata, all optional; unused here)
	@PostMapping("/api/comments/{id}/delete")
	ResponseEntity<Void> deleteByPost(Account account, @PathVariable UUID id,
			@RequestBody Map<String, Object> activity) {
		return delete(account, id);
	}

	private Comment own(Account account, UUID id) {
		Comment comment = this.store.comments.get(id);
		if (comment == null || !comment.visibleTo(account.id())) {
			throw ApiException.notFound("comment not found");
		}
		this.access.item(account, comment.itemId);
		if (!comment.authorId.equals(account.id())) {
			throw ApiException.forbidden("only the author can change a comment");
		}
		return comment;
	}

}
