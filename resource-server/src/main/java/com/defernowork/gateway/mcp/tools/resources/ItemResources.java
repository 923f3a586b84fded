package com.defernowork.gateway.mcp.tools.resources;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.DefernoTokenUnavailableException;
import com.defernowork.gateway.mcp.deferno.projection.CompactProjection;
import com.defernowork.gateway.mcp.deferno.projection.ItemWords;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.UnroutableRefException;
import com.defernowork.gateway.mcp.catalog.DefernoResource;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.JsonText;
import com.defernowork.gateway.mcp.catalog.ResourceReadException;
import com.defernowork.gateway.mcp.catalog.ResourceReadException.Reason;
import com.defernowork.gateway.mcp.catalog.ToolProvider;
import com.defernowork.gateway.mcp.catalog.ToolResults;
import com.defernowork.gateway.model.scope.Scopes;

/**
 * The read-only resources: today's plan, mood history and one item
 * ({@code defernowork://item/{ref}}, the ref percent-decoded, so {@code #123} arrives as
 * {@code %23123}). Failures carry the same messages the tools give; each protocol era
 * turns them into its JSON-RPC error.
 */
@Component
class ItemResources implements ToolProvider {

	static final String PLAN = "defernowork://tasks/plan";

	static final String MOOD_HISTORY = "defernowork://tasks/mood-history";

	static final String ITEM_PREFIX = "defernowork://item/";

	private static final String JSON = "application/json";

	private final DefernoClient client;

	private final RefResolver refs;

	private final JsonMapper jsonMapper;

	ItemResources(DefernoClient client, RefResolver refs, JsonMapper jsonMapper) {
		this.client = client;
		this.refs = refs;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public List<DefernoTool> tools() {
		return List.of();
	}

	@Override
	public List<DefernoResource> resources() {
		return List.of(DefernoResource.of(plan(), Scopes.PLAN_READ,
				// the rows get_daily_plan answers without arguments, as its
				// description says
				(uri) -> read(() -> CompactProjection.dayRows(ItemWords.of(this.client.get("/items/plan"))))),
				DefernoResource.of(moodHistory(), Scopes.TASKS_READ,
						(uri) -> read(() -> this.client.get("/tasks/mood-history"))),
				DefernoResource.of(item(), Scopes.TASKS_READ, (uri) -> read(() -> {
					String ref = percentDecode(uri.substring(ITEM_PREFIX.length()));
					return CompactProjection.item(ItemWords.of(this.refs.record("ref", ref)));
				})));
	}

	static Resource plan() {
		return Resource.builder()
			.uri(PLAN)
			.name("daily-plan")
			.title("Today's plan")
			.description("Today's curated plan, all four kinds, kind-tagged: the compact rows get_daily_plan answers "
					+ "without arguments (today in the user's saved time zone, or UTC).")
			.mimeType(JSON)
			.build();
	}

	static Resource moodHistory() {
		return Resource.builder()
			.uri(MOOD_HISTORY)
			.name("mood-history")
			.title("Mood history")
			.description("Finished tasks with their productivity and mood at start and finish.")
			.mimeType(JSON)
			.build();
	}

	static ResourceTemplate item() {
		return ResourceTemplate.builder()
			.uriTemplate(ITEM_PREFIX + "{ref}")
			.name("item")
			.title("An item")
			.description("One item, Compact projection; {ref} is any Ref form, percent-encoded (#123 → %23123).")
			.mimeType(JSON)
			.build();
	}

	private String read(Supplier<JsonNode> reader) {
		try {
			JsonText text = JsonText.of(this.jsonMapper.writerWithDefaultPrettyPrinter(), reader.get(),
					ToolResults.MAX_RESULT_CHARS);
			if (text.text() == null) {
				throw new ResourceReadException(Reason.UNAVAILABLE,
						"this resource is " + JsonText.size(text.length()) + " of JSON, more than the "
								+ JsonText.size(ToolResults.MAX_RESULT_CHARS)
								+ " one read holds here; the tools can ask Deferno for less of it");
			}
			return text.text();
		}
		catch (UnroutableRefException | IllegalArgumentException ex) {
			throw new ResourceReadException(Reason.INVALID, ex.getMessage());
		}
		catch (DefernoApiException ex) {
			throw new ResourceReadException(reason(ex.status()), ex.getMessage());
		}
		catch (DefernoTokenUnavailableException ex) {
			throw new ResourceReadException(Reason.UNAVAILABLE, "not authenticated with Deferno: " + ex.getMessage());
		}
	}

	/**
	 * Deferno's refusal of what was asked is the client's to fix; its failures are not.
	 */
	private static Reason reason(int status) {
		return switch (status) {
			case 404 -> Reason.NOT_FOUND;
			case 400, 403, 422 -> Reason.INVALID;
			default -> Reason.UNAVAILABLE;
		};
	}

	/**
	 * The ref as UTF-8 bytes percent-encoded, {@code +} kept (like Python's
	 * {@code unquote}, unlike form decoding): a byte sequence that is not UTF-8, or a
	 * control character, names no ref (Java's decoder would turn the one into U+FFFD).
	 */
	static String percentDecode(String value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < value.length(); i++) {
			int c = value.codePointAt(i);
			if (Character.getType(c) == Character.SURROGATE) {
				throw new IllegalArgumentException(
						"the {ref} in " + ITEM_PREFIX + "{ref} has a lone UTF-16 surrogate: send well-formed Unicode");
			}
			if (c != '%') {
				bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
				i += Character.charCount(c) - 1;
				continue;
			}
			if (i + 2 >= value.length() || !HexFormat.isHexDigit(value.charAt(i + 1))
					|| !HexFormat.isHexDigit(value.charAt(i + 2))) {
				throw new IllegalArgumentException("the {ref} in " + ITEM_PREFIX
						+ "{ref} must be percent-encoded: '%' only as %XX with two hex digits (# is %23, % is %25)");
			}
			bytes.write(HexFormat.fromHexDigits(value, i + 1, i + 3));
			i += 2;
		}
		String ref;
		try {
			ref = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException(
					"the {ref} in " + ITEM_PREFIX + "{ref} must be UTF-8 percent-encoded: its bytes are not UTF-8");
		}
		if (ref.codePoints().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException(
					"the {ref} in " + ITEM_PREFIX + "{ref} must not hold control characters");
		}
		return ref;
	}

}
