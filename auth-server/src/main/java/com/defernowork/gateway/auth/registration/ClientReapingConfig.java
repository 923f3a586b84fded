package com.defernowork.gateway.auth.registration;

import com.defernowork.gateway.auth.storage.IdleClients;
import com.defernowork.gateway.auth.storage.StorageProperties;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * Every auth server sweeps for reaped clients each {@code auth.client-reap-interval}.
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

}
