package com.defernowork.gateway.auth.activity;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.auth.storage.KeyValueStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ActivityProperties.class)
class ActivityConfig {

	@Bean
	ActivityTrail activityTrail(KeyValueStore store, JsonMapper json, ActivityProperties properties,
			ObjectProvider<Clock> clock) {
		return new ActivityTrail(store, json, properties, clock.getIfAvailable(Clock::systemUTC));
	}

}
