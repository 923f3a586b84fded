package com.defernowork.gateway.sandbox.activity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC signatures of the sandbox's presigned upload/download URLs, with a key made at
 * start.
 */
final class UploadSignatures {

	private static final byte[] KEY = new byte[32];

	static {
		new SecureRandom().nextBytes(KEY);
	}

	private UploadSignatures() {
	}

	static String sign(UUID attachmentId) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
			byte[] sig = mac.doFinal(attachmentId.toString().getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static boolean verify(UUID attachmentId, String signature) {
		return signature != null && MessageDigest.isEqual(sign(attachmentId).getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII));
	}

}
