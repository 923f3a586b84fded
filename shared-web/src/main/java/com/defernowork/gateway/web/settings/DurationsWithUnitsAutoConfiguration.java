package com.defernowork.gateway.web.settings;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Every duration setting with its unit ({@link DurationsWithUnits}). */
@AutoConfiguration
public class DurationsWithUnitsAutoConfiguration {

	// static: asked for when the first settings are bound, before any other bean
	@Bean
	static DurationsWithUnits durationsWithUnits(Environment environment) {
		return new DurationsWithUnits(environment);
	}

}
