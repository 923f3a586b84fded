package com.defernowork.gateway.auth.vault;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Ticker;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.UserAuthorizations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * Every auth server sweeps each minute for Deferno tokens no sign-in or grant holds any
 * longer, and revokes them with the upstream connector's {@link DefernoTokenRevoker}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class DefernoTokenRevocationConfig {

	static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

	@Bean
	DefernoTokenSweep defernoTokenSweep(TokenVault vault, DefernoTokenHolders holders, UserAuthorizations grants,
			AuthorizationLifetime lifetime, ObjectProvider<Clock> clock, DefernoTokenRevoker revoker,
			ApplicationEventPublisher events) {
		UnrecordedHolds unrecorded = new UnrecordedHolds(grants, vault, holders, lifetime,
				clock.getIfAvailable(Clock::systemUTC));
		return new DefernoTokenSweep(vault, holders, unrecorded, revoker, events, Ticker.systemTicker());
	}

	@Bean
	SchedulingConfigurer defernoTokenRevocations(DefernoTokenSweep sweep) {
		return (tasks) -> tasks.addFixedDelayTask(sweep::sweep, SWEEP_INTERVAL);
	}

}
