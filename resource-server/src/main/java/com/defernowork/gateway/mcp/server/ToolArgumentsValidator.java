package com.defernowork.gateway.mcp.server;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.mcp.catalog.ToolCatalog;
import com.defernowork.gateway.mcp.catalog.ToolResults;
import com.defernowork.gateway.mcp.text.Quotes;

/**
 * Checks tool arguments against the tool's input schema (JSON Schema 2020-12, with the
 * library the SDK's own validator uses) and words what is wrong so that an agent can fix
 * its call: the argument at fault, a missing required one, and for an unknown one the
 * names the tool takes. The SDK's validator hands on the library's raw list instead
 * ({@code Validation failed: JSON schema validation errors: [: property 'id' is not defined in the
 * schema and the schema does not allow additional properties]}).
 */
final class ToolArgumentsValidator implements JsonSchemaValidator {

	/** Enough to fix a call; the rest follow once those are. */
	private static final int MAX_PROBLEMS = 5;

	/**
	 * The names the tools give the item a call is about ({@code id} none): one of them
	 * sent to a tool that names it otherwise is its item, misnamed.
	 */
	private static final List<String> ITEM_ARGUMENTS = List.of("item", "item_id", "ref", "event_id", "task_id", "id");

	private static final BigDecimal TWO_TO_63 = new BigDecimal(BigInteger.TWO.pow(63));

	private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	/**
	 * Compiled once per schema, with the tool it belongs to; weak keys compare by
	 * identity, and the catalog's schemas live as long as it.
	 */
	private final Cache<Map<String, Object>, ToolSchema> schemas = Caffeine.newBuilder().weakKeys().build();

	/**
	 * The tool of each schema instance the servers hold: the SDKs hand the validator the
	 * schema of the tool called, not its name, and two tools may have equal schemas.
	 */
	private final Map<Map<String, Object>, String> toolBySchema = Collections.synchronizedMap(new IdentityHashMap<>());

	private final JsonMapper jsonMapper;

	private final ToolResults results;

	ToolArgumentsValidator(JsonMapper jsonMapper, ToolCatalog catalog, ToolResults results) {
		this.jsonMapper = jsonMapper;
		this.results = results;
		catalog.tools().forEach((tool) -> schemaOf(tool.name(), tool.definition().inputSchema()));
	}

	/**
	 * A copy of a tool's schema that a server validates with (the 2026-07-28 catalog's).
	 */
	void schemaOf(String tool, Map<String, Object> schema) {
		this.toolBySchema.put(schema, tool);
	}

	/**
	 * Refused arguments end a tool call as the tool's own checks do: counted and audited
	 * as {@code invalid_arguments}, so that an agent caught in a loop of them shows.
	 */
	@Override
	public ValidationResponse validate(Map<String, Object> schema, Object arguments) {
		long started = System.nanoTime();
		ToolSchema tool = this.schemas.get(schema,
				(key) -> new ToolSchema(this.registry.getSchema(this.jsonMapper.valueToTree(key)),
						this.toolBySchema.get(key)));
		ValidationResponse response = check(tool.schema(), schema, arguments);
		if (!response.valid() && tool.name() != null) {
			this.results.refusedArguments(tool.name(), Duration.ofNanos(System.nanoTime() - started));
		}
		return response;
	}

	private ValidationResponse check(Schema compiled, Map<String, Object> schema, Object arguments) {
		JsonNode instance = this.jsonMapper.valueToTree(arguments);
		List<Error> errors;
		try {
			errors = compiled.validate(instance);
		}
		catch (RuntimeException ex) {
			// on a number beyond 64 bits that meets a bound (findOutOfRange)
			List<String> outOfRange = outOfRange(instance);
			if (outOfRange.isEmpty()) {
				throw ex;
			}
			return ValidationResponse.asInvalid(String.join("; ", outOfRange));
		}
		if (errors.isEmpty()) {
			// a number without bounds in the schema would reach the handler as it is
			List<String> outOfRange = outOfRange(instance);
			return outOfRange.isEmpty() ? ValidationResponse.asValid(this.jsonMapper.writeValueAsString(instance))
					: ValidationResponse.asInvalid(String.join("; ", outOfRange));
		}
		String itemArgument = missingItemArgument(errors);
		List<String> problems = new ArrayList<>();
		for (Error error : errors.subList(0, Math.min(errors.size(), MAX_PROBLEMS))) {
			String problem = describe(error, schema);
			if (itemArgument != null && isUnknownArgument(error)
					&& ITEM_ARGUMENTS.contains(String.valueOf(error.getArguments()[0]))) {
				// the item's argument has five names across the tools
				problem += " (this tool names the item '" + itemArgument + "')";
			}
			problems.add(problem);
		}
		if (errors.size() > MAX_PROBLEMS) {
			problems.add("and " + (errors.size() - MAX_PROBLEMS) + " more");
		}
		if (errors.stream().anyMatch(ToolArgumentsValidator::isUnknownArgument)) {
			// once, however many arguments are unknown
			problems.add(argumentNames(schema).isEmpty() ? "this tool takes no arguments"
					: "this tool takes: " + String.join(", ", argumentNames(schema)));
		}
		// the library quotes what the client sent (a member's name), as it is
		return ValidationResponse.asInvalid(Quotes.wellFormed(String.join("; ", problems)));
	}

	private static List<String> outOfRange(JsonNode instance) {
		List<String> problems = new ArrayList<>();
		findOutOfRange(instance, "", problems);
		return problems;
	}

	/**
	 * The schema library reads a bound as a 64-bit integer and fails, rather than
	 * refuses, on a floating-point number beyond that range that meets a bound
	 * ({@code minimum}, {@code maximum}).
	 */
	private static void findOutOfRange(JsonNode node, String at, List<String> problems) {
		if (node.isFloatingPointNumber() && (isInfinite(node) || node.decimalValue().abs().compareTo(TWO_TO_63) >= 0)) {
			problems.add(outOfRange(at.isEmpty() ? "arguments" : JsonRpcErrors.quote(at), node));
		}
		else if (node.isObject()) {
			node.properties()
				.forEach((member) -> findOutOfRange(member.getValue(),
						at.isEmpty() ? member.getKey() : at + "." + member.getKey(), problems));
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				findOutOfRange(node.get(i), at + "[" + i + "]", problems);
			}
		}
	}

	private static String outOfRange(String at, JsonNode number) {
		// read as a double, a number beyond its range is infinite: its digits are gone
		String value = isInfinite(number) ? "a number beyond ±1.8e308" : JsonRpcErrors.quote(number.toString());
		return at + ": " + value + " is out of range (numbers here fit in 64-bit integers)";
	}

	/**
	 * A double beyond its range; a request's fractions are read exactly
	 * ({@code BigDecimal}), whose {@code doubleValue()} refuses such a number instead.
	 */
	private static boolean isInfinite(JsonNode number) {
		return (number.isDouble() || number.isFloat()) && !Double.isFinite(number.doubleValue());
	}

	private static String describe(Error error, Map<String, Object> schema) {
		String at = place(error.getInstanceLocation().toString());
		JsonNode instance = error.getInstanceNode();
		if ("type".equals(error.getKeyword()) && instance != null && isInfinite(instance)) {
			// the library names an infinite number's type "unknown", which tells an agent
			// nothing
			return allowsNumbers(error.getSchemaNode()) ? outOfRange(at.isEmpty() ? "arguments" : at, instance)
					: (at.isEmpty() ? "arguments" : at) + ": "
							+ error.getMessage().replace("unknown found", "number found");
		}
		Object name = (error.getArguments() != null && error.getArguments().length > 0) ? error.getArguments()[0] : "";
		return switch (error.getKeyword()) {
			case "required" -> at.isEmpty() ? "missing required argument '" + name + "'"
					: at + ": missing required field '" + name + "'";
			case "additionalProperties" -> at.isEmpty()
					? "unknown argument '" + JsonRpcErrors.quote(String.valueOf(name)) + "'" : at + ": unknown field '"
							+ JsonRpcErrors.quote(String.valueOf(name)) + "'" + fieldsTaken(at, error, schema);
			case "enum" -> at + ": must be one of " + allowedValues(error) + otherSpelling(instance, error);
			// the library's "must be at least 1 characters long"
			case "minLength" -> (error.getSchemaNode() != null && error.getSchemaNode().asInt(0) == 1)
					? at + ": must not be empty" : at + ": " + error.getMessage();
			default -> (at.isEmpty() ? "arguments" : at) + ": " + error.getMessage();
		};
	}

	/**
	 * Where in the arguments a JSON pointer points, in the form the tools' own checks
	 * name it: {@code /operations/0/title} is {@code operations[0].title}.
	 */
	static String place(String pointer) {
		StringBuilder place = new StringBuilder();
		for (String segment : pointer.split("/")) {
			if (segment.isEmpty()) {
				continue;
			}
			String name = segment.replace("~1", "/").replace("~0", "~");
			if (name.matches("[0-9]{1,9}")) {
				place.append('[').append(name).append(']');
			}
			else {
				place.append(place.isEmpty() ? "" : ".").append(name);
			}
		}
		return place.toString();
	}

	/** The item argument the call left out, when the tool requires one; else null. */
	private static String missingItemArgument(List<Error> errors) {
		for (Error error : errors) {
			if ("required".equals(error.getKeyword()) && isAtTheTop(error) && error.getArguments() != null
					&& error.getArguments().length > 0
					&& ITEM_ARGUMENTS.contains(String.valueOf(error.getArguments()[0]))) {
				return String.valueOf(error.getArguments()[0]);
			}
		}
		return null;
	}

	private static boolean isUnknownArgument(Error error) {
		return "additionalProperties".equals(error.getKeyword()) && isAtTheTop(error) && error.getArguments() != null
				&& error.getArguments().length > 0;
	}

	private static boolean isAtTheTop(Error error) {
		return place(error.getInstanceLocation().toString()).isEmpty();
	}

	private static boolean allowsNumbers(JsonNode type) {
		if (type == null) {
			return false;
		}
		for (JsonNode each : type.isArray() ? type : List.of(type)) {
			if (each.isString() && List.of("integer", "number").contains(each.stringValue())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A task's status is spelt with hyphens ({@code in-progress}) and an occurrence's
	 * with underscores ({@code in_progress}), as Deferno spells each: a word of the other
	 * vocabulary is named with its spelling here.
	 */
	private static String otherSpelling(JsonNode instance, Error error) {
		JsonNode values = error.getSchemaNode();
		if (instance == null || !instance.isString() || values == null || !values.isArray()) {
			return "";
		}
		String given = instance.stringValue().replace('-', '_');
		for (JsonNode value : values) {
			if (value.isString() && value.stringValue().replace('-', '_').equals(given)) {
				return " (spelt " + value + " here: task statuses take hyphens, occurrence statuses underscores)";
			}
		}
		return "";
	}

	private static String allowedValues(Error error) {
		JsonNode values = error.getSchemaNode();
		if (values == null || !values.isArray()) {
			return error.getMessage();
		}
		List<String> allowed = new ArrayList<>();
		values.forEach((value) -> allowed.add(value.isNull() ? "null" : value.toString()));
		return String.join(", ", allowed);
	}

	/**
	 * The fields the object at fault takes, from the (sub)schema whose
	 * {@code additionalProperties} refused the field: {@code (operations[0] takes: op,
	 * task_id, title, …)}; nothing when that schema cannot be found.
	 */
	private static String fieldsTaken(String at, Error error, Map<String, Object> schema) {
		NodePath fragment = (error.getSchemaLocation() != null) ? error.getSchemaLocation().getFragment() : null;
		Object node = (fragment != null) ? schema : null;
		for (int i = 0; fragment != null && i < fragment.getNameCount() - 1 && node != null; i++) {
			String element = String.valueOf(fragment.getElement(i));
			node = switch (node) {
				case Map<?, ?> object -> object.get(element);
				case List<?> array when element.matches("[0-9]{1,9}") && Integer.parseInt(element) < array.size() ->
					array.get(Integer.parseInt(element));
				default -> null;
			};
		}
		if (!(node instanceof Map<?, ?> object) || !(object.get("properties") instanceof Map<?, ?> properties)) {
			return "";
		}
		List<String> names = new ArrayList<>();
		properties.keySet().forEach((key) -> names.add(String.valueOf(key)));
		return " (" + at + " takes: " + String.join(", ", names) + ")";
	}

	@SuppressWarnings("unchecked")
	private static List<String> argumentNames(Map<String, Object> schema) {
		return (schema.get("properties") instanceof Map<?, ?> properties)
				? List.copyOf(((Map<String, Object>) properties).keySet()) : List.of();
	}

	private record ToolSchema(Schema schema, String name) {
	}

}
