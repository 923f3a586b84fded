package com.defernowork.gateway.mcp.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.defernowork.gateway.mcp.support.PermitAllSecurityConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The person changes an event's end in Deferno while {@code update_item} moves its start,
 * on the real {@code deferno-sandbox} behind a WireMock proxy that makes the person's
 * change at a chosen point: when the gateway's request of a given path has been answered
 * by the sandbox and before the answer reaches the gateway.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PermitAllSecurityConfig.class)
@DirtiesContext
class SandboxEventMoveRaceIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final PersonsChange person = new PersonsChange();

	private static final ProxiedSandbox deferno = new ProxiedSandbox(person);

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	private McpSyncClient mcp;

	@DynamicPropertySource
	static void sandboxBehindTheProxy(DynamicPropertyRegistry registry) throws Exception {
		deferno.register(registry);
	}

	@AfterAll
	static void stop() {
		deferno.stop();
	}

	@BeforeEach
	void connect() {
		this.mcp = McpClient
			.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + this.port).endpoint("/mcp").build())
			.requestTimeout(Duration.ofSeconds(30))
			.build();
		this.mcp.initialize();
	}

	@AfterEach
	void disconnect() {
		person.forget();
		this.mcp.close();
	}

	/**
	 * The person lengthens the meeting to 90 minutes after the gateway looked the event
	 * up: the end is moved from the event read just before the write, so their end moves
	 * with the start instead of being replaced by the lookup's 60 minutes.
	 */
	@Test
	void updateItemWhenThePersonChangesTheEndAfterTheLookupThenTheirEndMovesWithTheStart() throws Exception {
		LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(20);
		JsonNode event = meeting(day);
		String ref = "#" + event.get("sequence").asLong();
		person.changes("/api/items/by-seq/" + event.get("sequence").asLong(), event.get("id").stringValue(),
				day + "T11:30:00Z");

		JsonNode answer = ok("update_item", Map.of("ref", ref, "complete_by", day.plusDays(1) + "T10:00:00Z"));

		assertThat(person.made.get()).as("the person's change").startsWith("200 ");
		assertThat(answer.get("end_time").stringValue()).startsWith(day.plusDays(1) + "T11:30:00");
		assertThat(answer.has("note")).isFalse();
		assertThat(ok("get_item", Map.of("item", ref, "full", true)).get("end_time").stringValue())
			.startsWith(day.plusDays(1) + "T11:30:00");
	}

	/**
	 * The person lengthens the meeting after the gateway's read of it and before its
	 * write: Deferno has no conditional write, so their end is replaced, and the answer
	 * says so from the history, which grew by their edit and the write's.
	 */
	@Test
	void updateItemWhenThePersonChangesTheEndAfterTheReadThenTheAnswerSaysItMayBeReplaced() throws Exception {
		LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(22);
		JsonNode event = meeting(day);
		String ref = "#" + event.get("sequence").asLong();
		String id = event.get("id").stringValue();
		person.changes("/api/events/" + id, id, day + "T11:30:00Z");

		JsonNode answer = ok("update_item", Map.of("ref", ref, "complete_by", day.plusDays(1) + "T10:00:00Z"));

		assertThat(person.made.get()).as("the person's change").startsWith("200 ");
		assertThat(answer.get("end_time").stringValue()).startsWith(day.plusDays(1) + "T11:00:00");
		assertThat(answer.get("note").stringValue())
			.startsWith("Another change reached this event between this update's read of it and its write: "
					+ "Deferno's history gained 2 entries (Edited at ")
			.contains("from the times it read (complete_by " + day + "T10:00:00Z, start_time_of_day 10:00, end_time "
					+ day + "T11:00:00Z); now stored: complete_by " + day.plusDays(1) + "T10:00:00Z")
			.contains("check the event's times with the user");

		// no change in between: no note
		JsonNode again = ok("update_item", Map.of("ref", ref, "complete_by", day.plusDays(2) + "T10:00:00Z"));
		assertThat(again.get("end_time").stringValue()).startsWith(day.plusDays(2) + "T11:00:00");
		assertThat(again.has("note")).isFalse();
	}

	/** An hour's meeting at 10:00 UTC on {@code day}, as get_item answers it. */
	private JsonNode meeting(LocalDate day) {
		String id = ok("capture_item", Map.of("title", "race: meeting", "attend", true, "repeats", false, "complete_by",
				day + "T10:00:00Z", "time_of_day", "10:00"))
			.get("id")
			.stringValue();
		ok("update_item", Map.of("ref", id, "end_time", day + "T11:00:00Z"));
		return ok("get_item", Map.of("item", id));
	}

	private JsonNode ok(String tool, Map<String, Object> arguments) {
		CallToolResult result = this.mcp.callTool(new CallToolRequest(tool, arguments));
		String text = ((TextContent) result.content().get(0)).text();
		assertThat(result.isError()).as("%s %s → %s", tool, arguments, text).isFalse();
		return json.readTree(text);
	}

	/**
	 * The person's change of an event's end, made straight in the sandbox once the
	 * gateway's GET of a path has been answered there, before the answer goes back.
	 */
	static final class PersonsChange implements ServeEventListener {

		private final AtomicReference<Change> pending = new AtomicReference<>();

		/**
		 * The sandbox's answer to the person's change (its status and body), once made.
		 */
		final AtomicReference<String> made = new AtomicReference<>();

		void changes(String afterPath, String eventId, String endTime) {
			this.made.set(null);
			this.pending.set(new Change(afterPath, eventId, endTime));
		}

		void forget() {
			this.pending.set(null);
		}

		@Override
		public void beforeResponseSent(ServeEvent served, Parameters parameters) {
			Change change = this.pending.get();
			if (change != null && served.getRequest().getMethod().getName().equals("GET")
					&& served.getRequest().getUrl().equals(change.afterPath())
					&& this.pending.compareAndSet(change, null)) {
				this.made.set(change.send());
			}
		}

		@Override
		public boolean applyGlobally() {
			return true;
		}

		@Override
		public String getName() {
			return "persons-change";
		}

	}

	/** The person's PATCH of the end, sent to the sandbox itself. */
	record Change(String afterPath, String eventId, String endTime) {

		String send() {
			try {
				HttpResponse<String> answer = http
					.send(HttpRequest.newBuilder(URI.create(deferno.baseUrl() + "/api/events/" + this.eventId))
						.header("Authorization", "Bearer " + deferno.token())
						.header("Content-Type", "application/json")
						.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"end_time\":\"" + this.endTime + "\"}"))
						.build(), HttpResponse.BodyHandlers.ofString());
				return answer.statusCode() + " " + answer.body();
			}
			catch (Exception ex) {
				return "not sent: " + ex;
			}
		}

	}

}
