package com.defernowork.gateway.auth.storage.redis;

import java.util.Collection;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.core.Version;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.jackson.SecurityJacksonModule;
import org.springframework.security.jackson.SecurityJacksonModules;

/**
 * Admits the gateway's own types into the stored authorizations: the signed-in person
 * ({@link DefernoAuthenticationToken} with its {@link DefernoUser}) is the
 * {@code java.security.Principal} attribute of every authorization. Also admits
 * {@code String[]}, the form of a repeated request parameter.
 */
public final class GatewayJacksonModule extends SecurityJacksonModule {

	public GatewayJacksonModule() {
		super(GatewayJacksonModule.class.getName(), new Version(1, 0, 0, null, null, null));
	}

	/**
	 * Spring Security's Jackson modules and this one, typed by an allow-list of their
	 * types: a stored {@code @class} outside the list fails to read.
	 */
	public static JsonMapper.Builder securityMapper() {
		BasicPolymorphicTypeValidator.Builder allowList = BasicPolymorphicTypeValidator.builder();
		GatewayJacksonModule gateway = new GatewayJacksonModule();
		gateway.configurePolymorphicTypeValidator(allowList);
		return JsonMapper.builder()
			.addModules(SecurityJacksonModules.getModules(GatewayJacksonModule.class.getClassLoader(), allowList))
			.addModule(gateway);
	}

	@Override
	public void configurePolymorphicTypeValidator(BasicPolymorphicTypeValidator.Builder builder) {
		builder.allowIfSubType(DefernoAuthenticationToken.class)
			.allowIfSubType(DefernoUser.class)
			// SAS keeps a request parameter sent more than once as String[] in the
			// additional parameters
			.allowIfSubType(String[].class);
	}

	@Override
	public void setupModule(SetupContext context) {
		context.setMixIn(DefernoAuthenticationToken.class, DefernoAuthenticationTokenMixin.class);
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
	@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE, getterVisibility = JsonAutoDetect.Visibility.NONE,
			isGetterVisibility = JsonAutoDetect.Visibility.NONE)
	@JsonIgnoreProperties(ignoreUnknown = true)
	abstract static class DefernoAuthenticationTokenMixin {

		@JsonCreator
		DefernoAuthenticationTokenMixin(@JsonProperty("user") DefernoUser user,
				@JsonProperty("upstreamHandle") String upstreamHandle) {
		}

		@JsonProperty("user")
		abstract DefernoUser getPrincipal();

		@JsonProperty("upstreamHandle")
		abstract String getUpstreamHandle();

		// authorities are fixed by the constructor; not written so they cannot be forged
		// by a stored value
		abstract Collection<GrantedAuthority> getAuthorities();

	}

}
