package com.defernowork.gateway.auth.registration;

import com.defernowork.gateway.auth.storage.IdleClients;
import com.defernowork.gateway.auth.storage.StorageProperties;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;

/**
 * Every auth server sweeps for reaped clients each {@code auth.client-reap-interval}, and
 * puts the resource server's client back if the store lost it.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ClientReapingConfig {

	@Bean
	SchedulingConfigurer idleClientSweep(IdleClients clients, ApplicationEventPublisher events,
			StorageProperties properties) {
		IdleClientReaper reaper = new IdleClientReaper(clients, events);
		return (tasks) -> tasks.addFixedDelayTask(reaper::sweep, properties.clientReapInterval());
	}

	@Bean
	SchedulingConfigurer resourceServerClientRestore(RsClientRegistrar registrar, StorageProperties properties) {
		// first after one interval: at start the registrar registers it
		return (tasks) -> tasks.addFixedDelayTask(new FixedDelayTask(registrar::restoreIfMissing,
				properties.clientReapInterval(), properties.clientReapInterval()));
	}

}
