package com.defernowork.gateway.sandbox.activity;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.items.ItemViews;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Attachment;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.stereotype.Component;

/**
 * The attachment flow of an item or of one Event occurrence: presign (upload URLs on this
 * server), upload, commit intents and external URLs, list, delete, caption. Call within
 * the store lock.
 */
@Component
final class Attachments {

	static final long MAX_BYTES = 25L * 1024 * 1024;

	static final int MAX_PER_TARGET = 50;

	static final int MAX_CAPTION = 500;

	static final Duration PRESIGN_TTL = Duration.ofHours(1);

	private static final Set<String> BLOCKED_MIME = Set.of("application/x-msdownload", "application/x-dosexec",
			"application/x-executable", "application/x-sh", "application/x-msi");

	private final SandboxStore store;

	private final Clock clock;

	Attachments(SandboxStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	Map<String, Object> presign(Account account, Item item, LocalDate date, Body body) {
		List<Map<String, Object>> files = body.objects("files");
		if (files == null || files.isEmpty()) {
			throw ApiException.badRequest("files must list at least one {filename, content_type, size_bytes}");
		}
		List<Attachment> pending = new ArrayList<>();
		for (Map<String, Object> json : files) {
			Body file = Body.of(json);
			String filename = file.string("filename");
			String mime = file.string("content_type");
			Integer size = file.integer("size_bytes");
			if (filename == null || filename.isBlank() || mime == null || mime.isBlank() || size == null) {
				throw ApiException.badRequest("each file needs filename, content_type and size_bytes");
			}
			if (size <= 0 || size > MAX_BYTES) {
				throw ApiException.badRequest("'" + filename + "' must be between 1 byte and 25 MB");
			}
			if (BLOCKED_MIME.contains(mime.toLowerCase(java.util.Locale.ROOT))) {
				throw ApiException.badRequest("content type " + mime + " is not allowed");
			}
			pending.add(new Attachment(UUID.randomUUID(), item.id, date, "s3", filename, mime, size, account.id(),
					this.clock.instant(), null));
		}
		List<Map<String, Object>> records = new ArrayList<>();
		String expires = ItemViews.time(this.clock.instant().plus(PRESIGN_TTL));
		for (Attachment attachment : pending) {
			this.store.attachments.put(attachment.id, attachment);
			Map<String, Object> record = new LinkedHashMap<>();
			record.put("attachment_id", attachment.id);
			record.put("put_url", ActivityViews.uploadUrl(attachment));
			record.put("expires_at", expires);
			record.put("headers", Map.of("content-type", attachment.mime));
			records.add(record);
		}
		return Map.of("attachments", records);
	}

	List<Map<String, Object>> commit(Account account, Item item, LocalDate date, Body body) {
		List<String> intents = Objects.requireNonNullElse(body.strings("intents"), List.of());
		List<Map<String, Object>> urls = Objects.requireNonNullElse(body.objects("urls"), List.of());
		if (intents.isEmpty() && urls.isEmpty()) {
			throw ApiException.badRequest("nothing to commit: intents and urls are both empty");
		}
		List<Attachment> toCommit = new ArrayList<>();
		for (String intent : intents) {
			Attachment attachment = this.store.attachments.get(Body.uuid("intents", intent));
			if (attachment == null || attachment.committed || !attachment.itemId.equals(item.id)
					|| !Objects.equals(attachment.occurrenceDate, date)) {
				throw ApiException.badRequest("unknown attachment intent " + intent);
			}
			if (attachment.content == null) {
				throw ApiException.badRequest("attachment " + intent + " has not been uploaded to its put_url yet");
			}
			toCommit.add(attachment);
		}
		for (Map<String, Object> json : urls) {
			Body link = Body.of(json);
			String url = link.string("url");
			URI uri = parse(url);
			String filename = link.string("filename");
			if (filename == null || filename.isBlank()) {
				String path = (uri.getPath() != null) ? uri.getPath() : "";
				filename = path.isEmpty() ? uri.getHost() : path.substring(path.lastIndexOf('/') + 1);
			}
			Attachment attachment = new Attachment(UUID.randomUUID(), item.id, date, "url", filename, null, 0,
					account.id(), this.clock.instant(), url);
			attachment.caption = link.string("caption");
			toCommit.add(attachment);
		}
		if (list(item, date).size() + toCommit.size() > MAX_PER_TARGET) {
			throw ApiException.badRequest("at most " + MAX_PER_TARGET + " attachments per item");
		}
		for (Attachment attachment : toCommit) {
			attachment.committed = true;
			this.store.attachments.put(attachment.id, attachment);
		}
		return list(item, date);
	}

	List<Map<String, Object>> list(Item item, LocalDate date) {
		return this.store.attachments.values()
			.stream()
			.filter((a) -> a.committed && a.itemId.equals(item.id) && Objects.equals(a.occurrenceDate, date))
			.map(ActivityViews::attachment)
			.toList();
	}

	void delete(Item item, LocalDate date, UUID attachmentId) {
		this.store.attachments.remove(find(item, date, attachmentId).id);
	}

	Map<String, Object> caption(Account account, Item item, LocalDate date, UUID attachmentId, Body body) {
		if (!body.has("caption")) {
			throw ApiException.badRequest("missing required field 'caption' (null clears it)");
		}
		String caption = body.string("caption");
		if (caption != null && caption.isEmpty()) {
			throw ApiException.badRequest("caption must be non-empty; send null to clear it");
		}
		if (caption != null && caption.codePointCount(0, caption.length()) > MAX_CAPTION) {
			throw ApiException.badRequest("caption exceeds " + MAX_CAPTION + " characters");
		}
		Attachment attachment = find(item, date, attachmentId);
		attachment.caption = caption;
		attachment.captionUpdatedAt = this.clock.instant();
		attachment.captionUpdatedBy = account.id();
		return ActivityViews.attachment(attachment);
	}

	private Attachment find(Item item, LocalDate date, UUID attachmentId) {
		Attachment attachment = this.store.attachments.get(attachmentId);
		if (attachment == null || !attachment.committed || !attachment.itemId.equals(item.id)
				|| !Objects.equals(attachment.occurrenceDate, date)) {
			throw ApiException.notFound("attachment not found");
		}
		return attachment;
	}

	private static URI parse(String url) {
		try {
			URI uri = (url != null) ? new URI(url) : null;
			if (uri == null || uri.getHost() == null
					|| !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
				throw ApiException.badRequest("each url entry needs an absolute http(s) url");
			}
			return uri;
		}
		catch (java.net.URISyntaxException ex) {
			throw ApiException.badRequest("not a valid url: " + url);
		}
	}

}
