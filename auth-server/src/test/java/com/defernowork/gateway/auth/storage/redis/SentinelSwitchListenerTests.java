package com.defernowork.gateway.auth.storage.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SentinelSwitchListenerTests {

	@Test
	void promotionWhenSentinelsAnnounceASwitchThenTheNewPrimaryFirstAndTheOldAfter() {
		// the payload as the sentinels publish it: master, old address, new address
		assertThat(SentinelSwitchListener.promotion("mymaster 127.0.0.1 23000 127.0.0.1 23001"))
			.isEqualTo("127.0.0.1:23001 (was 127.0.0.1:23000)");
		assertThat(SentinelSwitchListener.promotion("mymaster something\nelse")).isEqualTo("mymaster something?else");
	}

}
