package com.defernowork.gateway.auth.registration;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.StorageKind;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class RsClientSecretTests {

	@Test
	void redisStorageWhenSecretIsTheBuiltInOneOrEmptyThenRefusedNamingTheSetting() {
		for (String secret : new String[] { RsClientRegistrar.DEFAULT_SECRET, "", "  ", null }) {
			assertThatIllegalStateException()
				.isThrownBy(() -> RsClientRegistrar.refuseKnownSecretInRedis(secret, StorageKind.REDIS))
				.withMessageContaining("RS_CLIENT_SECRET (auth.rs-client.secret)")
				.withMessageContaining("openssl rand -base64 32");
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
