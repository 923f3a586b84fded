package com.defernowork.gateway.auth.registration;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.web.settings.InvalidSettingException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class RsClientSecretTests {

	@Test
	void redisStorageWhenSecretIsTheBuiltInOneOrEmptyThenRefusedNamingTheSetting() {
		for (String secret : new String[] { RsClientRegistrar.DEFAULT_SECRET, "", "  ", null }) {
			assertThatExceptionOfType(InvalidSettingException.class)
				.isThrownBy(() -> RsClientRegistrar.refuseKnownSecretInRedis(secret, StorageKind.REDIS))
				.withMessageContaining("RS_CLIENT_SECRET (auth.rs-client.secret)")
				.withMessageContaining("openssl rand -base64 32")
				.withMessageNotContaining(RsClientRegistrar.DEFAULT_SECRET);
		}
	}

	@Test
	void memoryStorageOrOwnSecretThenAccepted() {
		assertThatNoException().isThrownBy(
				() -> RsClientRegistrar.refuseKnownSecretInRedis(RsClientRegistrar.DEFAULT_SECRET, StorageKind.MEMORY));
		assertThatNoException()
			.isThrownBy(() -> RsClientRegistrar.refuseKnownSecretInRedis("a-secret-of-our-own", StorageKind.REDIS));
	}

}
