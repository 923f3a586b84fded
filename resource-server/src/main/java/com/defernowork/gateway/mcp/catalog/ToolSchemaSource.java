package com.defernowork.gateway.mcp.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;

import org.springframework.core.io.ClassPathResource;

/**
 * Reads a tool's input schema from the classpath and inlines every {@code $ref} to
 * another file ({@code "$ref": "../shared/recurrence.json"}), so that a schema several
 * tools take is written once. Clients get the schema whole: MCP gives them nothing to
 * fetch a referenced file from. Written here because the JSON Schema library at hand
 * resolves references only while it validates and writes no bundled schema.
 * <p>
 * The referencing object's other members are kept beside the inlined ones; its
 * {@code description} follows the shared one, so a tool adds what holds for it alone.
 */
final class ToolSchemaSource {

	private static final TypeRef<Map<String, Object>> OBJECT = new TypeRef<>() {
	};

	private final McpJsonMapper jsonMapper;

	ToolSchemaSource(McpJsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * The schema at {@code path} (relative to the classpath root), references inlined.
	 */
	Map<String, Object> read(String path) {
		return inlineObject(load(path), path, new LinkedHashSet<>(List.of(path)));
	}

	private Object inline(Object node, String base, SequencedSet<String> reading) {
		return switch (node) {
			case Map<?, ?> object -> inlineObject(object, base, reading);
			case List<?> array -> array.stream().map((element) -> inline(element, base, reading)).toList();
			case null, default -> node;
		};
	}

	private Map<String, Object> inlineObject(Map<?, ?> object, String base, SequencedSet<String> reading) {
		Map<String, Object> inlined = new LinkedHashMap<>();
		if (object.containsKey("$ref")) {
			String path = referencedFile(object.get("$ref"), base);
			if (!reading.add(path)) {
				throw new IllegalStateException(
						"schema reference cycle: " + String.join(" -> ", reading) + " -> " + path);
			}
			inlined.putAll(inlineObject(load(path), path, reading));
			reading.remove(path);
		}
		object.forEach((key, value) -> {
			String name = String.valueOf(key);
			if (!name.equals("$ref")) {
				inlined.merge(name, inline(value, base, reading),
						(shared, own) -> name.equals("description") ? shared + " " + own : own);
			}
		});
		return inlined;
	}

	/**
	 * Only another file, by a path relative to this one: a fragment ({@code #/$defs/x})
	 * would mean another place once inlined, and a URL would not be on the classpath.
	 */
	private static String referencedFile(Object ref, String base) {
		if (!(ref instanceof String relative) || !relative.matches("[A-Za-z0-9_./-]+\\.json")) {
			throw new IllegalStateException("schema " + base + ": $ref " + ref
					+ " is not a relative path to another schema file, the only reference taken here");
		}
		return URI.create(base).resolve(relative).getPath();
	}

	private Map<String, Object> load(String path) {
		ClassPathResource resource = new ClassPathResource(path);
		try (InputStream in = resource.getInputStream()) {
			return this.jsonMapper.readValue(in.readAllBytes(), OBJECT);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no schema at " + path, ex);
		}
	}

}
