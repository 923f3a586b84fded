package com.defernowork.gateway.auth.storage;

import java.time.Duration;

import com.defernowork.gateway.web.settings.InvalidSettingException;
import com.defernowork.gateway.web.settings.Settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lifetimes and key layout of the store ({@code auth.*}).
 *
 * @param clientIdleTtl a registered client not looked up for this long is reaped (env
 * {@code AUTH_CLIENT_IDLE_TTL}); clients marked {@link StaticClients#SETTING} never are
 * @param clientUnclaimedTtl a dynamically registered client no signed-in person has been
 * asked to approve (shown its consent page) this long after it registered is reaped,
 * however often it is looked up (env {@code AUTH_CLIENT_UNCLAIMED_TTL};
 * {@code NewClients})
 * @param clientReapInterval how often each auth server sweeps for reaped clients, to
 * report them ({@code client.reaped} in the audit log)
 * @param consentTtl a remembered consent is forgotten this long after it was last saved
 * @param pendingAuthorizationTtl life of an authorization that holds no token yet
 * (authorization request waiting for sign-in or consent)
 * @param redis Redis key layout
 */
@ConfigurationProperties("auth")
public record StorageProperties(@DefaultValue("30d") Duration clientIdleTtl,
		@DefaultValue("1d") Duration clientUnclaimedTtl, @DefaultValue("1m") Duration clientReapInterval,
		@DefaultValue("365d") Duration consentTtl, @DefaultValue("10m") Duration pendingAuthorizationTtl,
		@DefaultValue Redis redis) {

	public StorageProperties {
		Settings.positive(clientIdleTtl, "AUTH_CLIENT_IDLE_TTL (auth.client-idle-ttl)");
		Settings.positive(clientUnclaimedTtl, "AUTH_CLIENT_UNCLAIMED_TTL (auth.client-unclaimed-ttl)");
		Settings.positive(clientReapInterval, "AUTH_CLIENT_REAP_INTERVAL (auth.client-reap-interval)");
		Settings.positive(consentTtl, "AUTH_CONSENT_TTL (auth.consent-ttl)");
		Settings.positive(pendingAuthorizationTtl, "AUTH_PENDING_AUTHORIZATION_TTL (auth.pending-authorization-ttl)");
	}

	/**
	 * @param keyPrefix prepended to every key the auth server writes, so deployments and
	 * tests can share a Redis
	 * @param startWait how long a start waits for a Redis that does not answer yet (just
	 * started, failing over, or slow on a busy host) before it fails; {@code 0} fails at
	 * once
	 */
	public record Redis(@DefaultValue("deferno:auth:") String keyPrefix, @DefaultValue("60s") Duration startWait) {

		public Redis {
			Settings.notNegative(startWait, "AUTH_REDIS_START_WAIT (auth.redis.start-wait)");
			if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
				// the store's own hash tags keep a grant's keys in one Cluster slot
				throw new InvalidSettingException("AUTH_REDIS_KEY_PREFIX (auth.redis.key-prefix)",
						"text without '{' or '}' (Redis Cluster hash tags)", keyPrefix);
			}
		}

	}

}
