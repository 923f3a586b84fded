package com.defernowork.gateway.auth.storage.redis;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Reads a stored {@link OAuth2AuthorizationRequest} as the framework's deserializer does,
 * without its cost: that one builds new deserializers for the scopes and both maps on
 * every read (half the time of reading a grant). Scopes and plain strings come from the
 * tree directly, other values through the allow-listed typing. Sessions keep the
 * framework's reader.
 */
final class AuthorizationRequestDeserializer extends ValueDeserializer<OAuth2AuthorizationRequest> {

	private static final String TYPE_PROPERTY = "@class";

	static JacksonModule module() {
		return new SimpleModule(AuthorizationRequestDeserializer.class.getName())
			.setMixInAnnotation(OAuth2AuthorizationRequest.class, Mixin.class);
	}

	@Override
	public OAuth2AuthorizationRequest deserialize(JsonParser parser, DeserializationContext context) {
		JsonNode root = context.readTree(parser);
		String grantType = string(root.path("authorizationGrantType"), "value");
		if (!AuthorizationGrantType.AUTHORIZATION_CODE.getValue().equalsIgnoreCase(grantType)) {
			throw new InvalidFormatException(parser, "Invalid authorizationGrantType", grantType,
					AuthorizationGrantType.class);
		}
		OAuth2AuthorizationRequest.Builder builder = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri(required(parser, root, "authorizationUri"))
			.clientId(required(parser, root, "clientId"))
			.redirectUri(string(root, "redirectUri"))
			.scopes(strings(root.get("scopes")))
			.state(string(root, "state"))
			.additionalParameters(map(context, root.get("additionalParameters")))
			.attributes(map(context, root.get("attributes")));
		String requestUri = string(root, "authorizationRequestUri");
		if (requestUri != null) {
			builder.authorizationRequestUri(requestUri);
		}
		return builder.build();
	}

	private static String string(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private static String required(JsonParser parser, JsonNode node, String name) {
		String value = string(node, name);
		if (value == null) {
			throw new InvalidFormatException(parser, name + " cannot be null", null, String.class);
		}
		return value;
	}

	/** {@code ["java.util.Collections$UnmodifiableSet", ["a", "b"]]} or a plain array. */
	private static Set<String> strings(JsonNode node) {
		Set<String> values = new LinkedHashSet<>();
		if (node == null || !node.isArray()) {
			return values;
		}
		JsonNode elements = (node.size() == 2 && node.get(0).isString() && node.get(1).isArray()) ? node.get(1) : node;
		for (JsonNode element : elements) {
			if (element.isString()) {
				values.add(element.stringValue());
			}
		}
		return values;
	}

	/** Values other than strings as typed JSON. */
	private static Map<String, Object> map(DeserializationContext context, JsonNode node) {
		Map<String, Object> values = new LinkedHashMap<>();
		if (node == null || !node.isObject()) {
			return values;
		}
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			JsonNode value = entry.getValue();
			if (TYPE_PROPERTY.equals(entry.getKey())) {
				continue;
			}
			values.put(entry.getKey(), value.isString() ? value.stringValue()
					: value.isNull() ? null : context.readTreeAsValue(value, Object.class));
		}
		return values;
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
	@JsonDeserialize(using = AuthorizationRequestDeserializer.class)
	@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
			isGetterVisibility = JsonAutoDetect.Visibility.NONE)
	abstract static class Mixin {

	}

}
