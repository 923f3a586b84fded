package com.defernowork.gateway.auth;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.testsupport.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This module's integration tests run in two JVMs at once, each picking ports from a
 * range of its own: without one, ports come from the system's ephemeral ones, where an
 * outgoing connection can take a port between a test picking it and its server binding
 * it.
 */
class ForkPortRangeIT {

	@Test
	void portsComeFromThisJvmsOwnRange() {
		assertThat(FreePorts.range()).matches("2\\d{4}-2\\d{4}");
		assertThat(FreePorts.next()).isBetween(20_000, 32_767);
	}

}
