package com.defernowork.gateway.auth.registration;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.audit.AuditEvent;
import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.storage.IdleClients;
import com.defernowork.gateway.auth.storage.StorageProperties;
import com.defernowork.gateway.web.settings.SettingText;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * Every auth server sweeps for reaped clients each {@code auth.client-reap-interval} and
 * reports each ({@code client.reaped}): the store expires clients by itself and silently.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ClientReapingConfig {

	private static final Logger logger = LoggerFactory.getLogger(ClientReapingConfig.class);

	@Bean
	SchedulingConfigurer idleClientSweep(IdleClients clients, ApplicationEventPublisher events,
			StorageProperties properties, AuthProperties auth) {
		warnIfShorterThanRefreshTokens(properties.clientIdleTtl(), auth.tokens().refreshTokenTtl());
		return (tasks) -> tasks.addFixedDelayTask(() -> sweep(clients, events), properties.clientReapInterval());
	}

	private static void sweep(IdleClients clients, ApplicationEventPublisher events) {
		try {
			for (String clientId : clients.reap()) {
				events.publishEvent(AuditEvent.of(AuditEvent.CLIENT_REAPED, null, clientId));
			}
		}
		catch (RuntimeException ex) {
			// the store is unreachable: the clients stay listed for the next sweep
			logger.warn("Sweeping for idle clients failed; trying again at the next sweep: {}", ex.getMessage());
		}
	}

	/**
	 * Every refresh is a lookup, so only a client idle longer than its idle time loses
	 * them.
	 */
	static void warnIfShorterThanRefreshTokens(Duration clientIdleTtl, Duration refreshTokenTtl) {
		if (clientIdleTtl.compareTo(refreshTokenTtl) < 0) {
			logger.warn("AUTH_CLIENT_IDLE_TTL (auth.client-idle-ttl) is {}, shorter than AUTH_REFRESH_TOKEN_TTL "
					+ "(auth.tokens.refresh-token-ttl) {}: a client unused for longer is reaped while its refresh "
					+ "tokens are still valid, and then has to register or authorize again",
					SettingText.of(clientIdleTtl), SettingText.of(refreshTokenTtl));
		}
	}

}
