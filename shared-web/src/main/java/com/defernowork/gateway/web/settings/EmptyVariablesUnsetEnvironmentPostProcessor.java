package com.defernowork.gateway.web.settings;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.PropertySourceInfo;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.support.SystemEnvironmentPropertySourceEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * An environment variable set to the empty string counts as unset, so its setting takes
 * its default: compose passes a variable that {@code .env} leaves out as an empty one
 * ({@code ${VAR:-}}), and a placeholder's default in {@code application.yml} applies only
 * to a variable that is absent. Without this, an empty {@code DEFERNO_BASE_URL} was
 * refused by one server and defaulted by the other, and an empty duration defaulted where
 * an empty URL was refused. A blank value (spaces) is still a value, and is checked as
 * one.
 */
final class EmptyVariablesUnsetEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String VARIABLES = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		PropertySource<?> variables = environment.getPropertySources().get(VARIABLES);
		if (!(variables instanceof MapPropertySource map)
				|| (variables instanceof PropertySourceInfo info && info.getPrefix() != null)) {
			// an application's own environment prefix is not ours to map
			return;
		}
		Map<String, Object> set = new LinkedHashMap<>();
		map.getSource().forEach((name, value) -> {
			if (!"".equals(value)) {
				set.put(name, value);
			}
		});
		if (set.size() < map.getSource().size()) {
			environment.getPropertySources().replace(VARIABLES, new SetVariables(set, variables));
		}
	}

	/** Once Boot has made the variables' source one that knows their origins. */
	@Override
	public int getOrder() {
		return SystemEnvironmentPropertySourceEnvironmentPostProcessor.DEFAULT_ORDER + 1;
	}

	/**
	 * The variables that have a value, under the variables' own name (Spring maps
	 * variable names onto properties only in a source named so), each with the origin it
	 * had.
	 */
	private static final class SetVariables extends SystemEnvironmentPropertySource
			implements OriginLookup<String>, PropertySourceInfo {

		private final PropertySource<?> all;

		SetVariables(Map<String, Object> set, PropertySource<?> all) {
			super(VARIABLES, set);
			this.all = all;
		}

		@Override
		public Origin getOrigin(String name) {
			return containsProperty(name) ? OriginLookup.getOrigin(this.all, name) : null;
		}

		/** A process's environment does not change while it runs. */
		@Override
		public boolean isImmutable() {
			return true;
		}

	}

}
