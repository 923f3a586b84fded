package com.defernowork.gateway.auth.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.keygen.BytesKeyGenerator;
import org.springframework.security.crypto.keygen.KeyGenerators;

/**
 * AES-256-GCM with a fresh 96-bit nonce per value. The sealed form is
 * {@code keyId.base64url(nonce|ciphertext)}; the entry name is the associated data, so a
 * ciphertext copied to another entry does not decrypt. The same keys also
 * {@linkplain #mark mark} values handed out in clear (HMAC-SHA256, under a key derived
 * from each vault key, so that no key serves two algorithms).
 */
final class TokenCipher {

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final BytesKeyGenerator NONCES = KeyGenerators.secureRandom(NONCE_BYTES);

	private static final String HMAC = "HmacSHA256";

	/** 128 bits of the HMAC: a mark cannot be guessed, and tokens stay short. */
	private static final int MARK_BYTES = 16;

	private final VaultKeys keys;

	/** By key id: derived once, as a mark is made at every refresh. */
	private final Map<String, SecretKey> markKeys;

	TokenCipher(VaultKeys keys) {
		this.keys = keys;
		this.markKeys = keys.ids()
			.stream()
			.collect(Collectors.toUnmodifiableMap(Function.identity(),
					(id) -> new SecretKeySpec(hmac(new SecretKeySpec(keys.byId(id).getEncoded(), HMAC),
							"mark".getBytes(StandardCharsets.US_ASCII)), HMAC)));
	}

	String seal(String plaintext, String entryName) {
		byte[] nonce = NONCES.generateKey();
		byte[] ciphertext = run(Cipher.ENCRYPT_MODE, this.keys.current(), nonce, entryName,
				plaintext.getBytes(StandardCharsets.UTF_8));
		byte[] sealed = ByteBuffer.allocate(NONCE_BYTES + ciphertext.length).put(nonce).put(ciphertext).array();
		return this.keys.currentId() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
	}

	String mark(String value) {
		return mark(this.markKeys.get(this.keys.currentId()), value);
	}

	/** Whether a configured key made {@code mark} for {@code value}. */
	boolean isMark(String value, String mark) {
		byte[] given = mark.getBytes(StandardCharsets.US_ASCII);
		return this.markKeys.values()
			.stream()
			.anyMatch((key) -> MessageDigest.isEqual(mark(key, value).getBytes(StandardCharsets.US_ASCII), given));
	}

	private static String mark(SecretKey markKey, String value) {
		byte[] mark = Arrays.copyOf(hmac(markKey, value.getBytes(StandardCharsets.UTF_8)), MARK_BYTES);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(mark);
	}

	private static byte[] hmac(SecretKey key, byte[] input) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(key);
			return mac.doFinal(input);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 unavailable", ex);
		}
	}

	/** A rotation in progress. */
	boolean hasOldKeys() {
		return this.keys.ids().size() > 1;
	}

	boolean isCurrent(String sealedValue) {
		return this.keys.currentId().equals(keyId(sealedValue));
	}

	/** The id of the key a value was sealed with, or null for a value not sealed here. */
	static String keyId(String sealedValue) {
		int dot = sealedValue.indexOf('.');
		return (dot > 0) ? sealedValue.substring(0, dot) : null;
	}

	/** Null when no configured key can read the value. */
	String open(String sealedValue, String entryName) {
		String id = keyId(sealedValue);
		SecretKey key = (id != null) ? this.keys.byId(id) : null;
		if (key == null) {
			return null;
		}
		try {
			byte[] sealed = Base64.getUrlDecoder().decode(sealedValue.substring(sealedValue.indexOf('.') + 1));
			if (sealed.length <= NONCE_BYTES) {
				return null;
			}
			byte[] nonce = Arrays.copyOfRange(sealed, 0, NONCE_BYTES);
			byte[] ciphertext = Arrays.copyOfRange(sealed, NONCE_BYTES, sealed.length);
			return new String(run(Cipher.DECRYPT_MODE, key, nonce, entryName, ciphertext), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			return null;
		}
	}

	private static byte[] run(int mode, SecretKey key, byte[] nonce, String entryName, byte[] input) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(entryName.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(input);
		}
		catch (javax.crypto.AEADBadTagException ex) {
			throw new IllegalStateException("vault entry failed authentication");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM unavailable", ex);
		}
	}

}
