package com.defernowork.gateway.sandbox.activity;

import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.store.Attachment;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox's stand-in for S3: the presigned {@code put_url} accepts the file body of
 * the size and content type it was presigned for (403 otherwise, as S3 answers), and the
 * signed {@code url} of a committed attachment serves it back. The signature, not a
 * bearer token, authorizes.
 */
@RestController
final class UploadsController {

	private final SandboxStore store;

	UploadsController(SandboxStore store) {
		this.store = store;
	}

	@PutMapping(path = "/sandbox-uploads/{id}", consumes = MediaType.ALL_VALUE)
	ResponseEntity<Void> upload(@PathVariable UUID id, @RequestParam(required = false) String sig,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
			@RequestBody(required = false) byte[] content) {
		byte[] bytes = (content != null) ? content : new byte[0];
		if (bytes.length > Attachments.MAX_BYTES) {
			throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", "files are limited to 25 MB");
		}
		this.store.locked(() -> {
			Attachment attachment = signed(id, sig);
			if (attachment.committed) {
				throw ApiException.conflict("attachment is already committed");
			}
			// the presigned URL signs the size and the content type, and the storage
			// refuses an upload that differs from them as one it never signed
			if (bytes.length != attachment.size) {
				throw ApiException.forbidden("the upload is " + bytes.length + " bytes, and its presign was for "
						+ attachment.size + ": upload exactly size_bytes bytes");
			}
			if (contentType == null || !contentType.strip().equals(attachment.mime)) {
				throw ApiException.forbidden("the upload's Content-Type is "
						+ ((contentType != null) ? "'" + contentType + "'" : "missing") + ", and its presign was for '"
						+ attachment.mime + "': send the presign record's headers");
			}
			attachment.content = bytes;
		});
		return ResponseEntity.ok().build();
	}

	@GetMapping("/sandbox-uploads/{id}")
	ResponseEntity<byte[]> download(@PathVariable UUID id, @RequestParam(required = false) String sig) {
		return this.store.locked(() -> {
			Attachment attachment = signed(id, sig);
			if (attachment.content == null) {
				throw ApiException.notFound("nothing uploaded yet");
			}
			return ResponseEntity.ok().contentType(MediaType.parseMediaType(attachment.mime)).body(attachment.content);
		});
	}

	private Attachment signed(UUID id, String sig) {
		if (!UploadSignatures.verify(id, sig)) {
			throw ApiException.forbidden("invalid or missing upload signature");
		}
		Attachment attachment = this.store.attachments.get(id);
		if (attachment == null) {
			throw ApiException.notFound("attachment not found");
		}
		return attachment;
	}

}
