package com.defernowork.gateway.auth.support;

import com.defernowork.gateway.testsupport.MutableClock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Test sources only: every application context of the auth server's tests runs on the
 * system's time until a test moves it forward, so a test can pass a grace period or a
 * lifetime without waiting.
 */
@Configuration(proxyBeanMethods = false)
public class TestClockConfig {

	@Bean
	MutableClock clock() {
		return MutableClock.system();
	}

}
