package com.defernowork.gateway.sandbox.activity;

import java.util.LinkedHashMap;
import java.util.Map;

import com.defernowork.gateway.sandbox.items.ItemViews;
import com.defernowork.gateway.sandbox.store.Attachment;
import com.defernowork.gateway.sandbox.store.Comment;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** JSON views of comments and attachments. */
public final class ActivityViews {

	private ActivityViews() {
	}

	public static Map<String, Object> comment(Comment comment) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", comment.id);
		view.put("task_id", comment.itemId);
		view.put("body", comment.body);
		view.put("is_private", comment.isPrivate);
		view.put("created_at", ItemViews.time(comment.createdAt));
		view.put("author_id", comment.authorId);
		if (comment.updatedAt != null) {
			view.put("updated_at", ItemViews.time(comment.updatedAt));
		}
		if (comment.occurrenceDate != null) {
			view.put("occurrence_date", comment.occurrenceDate.toString());
		}
		return view;
	}

	/** An AttachmentView; {@code s3} records get a download URL on this server. */
	public static Map<String, Object> attachment(Attachment attachment) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", attachment.id);
		view.put("provider", attachment.provider);
		view.put("filename", attachment.filename);
		view.put("mime", attachment.mime);
		view.put("size", attachment.size);
		view.put("created_at", ItemViews.time(attachment.createdAt));
		view.put("created_by", attachment.createdBy);
		view.put("url", "s3".equals(attachment.provider) ? uploadUrl(attachment) : attachment.externalUrl);
		view.put("caption", attachment.caption);
		view.put("caption_updated_at", ItemViews.time(attachment.captionUpdatedAt));
		view.put("caption_updated_by", attachment.captionUpdatedBy);
		if (attachment.occurrenceDate != null) {
			view.put("occurrence_date", attachment.occurrenceDate.toString());
		}
		return view;
	}

	static String uploadUrl(Attachment attachment) {
		return ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/sandbox-uploads/{id}")
			.queryParam("sig", UploadSignatures.sign(attachment.id))
			.buildAndExpand(attachment.id)
			.toUriString();
	}

}
