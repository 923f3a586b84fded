package com.defernowork.gateway.sandbox;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clock every "today" and timestamp of the sandbox comes from (UTC). */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

	@Bean
	Clock sandboxClock() {
		return Clock.systemUTC();
	}

}
