package com.defernowork.gateway.web.trace;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.defernowork.gateway.web.HelloApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer names the request's trace in {@code X-Trace-Id}, the very id its log lines
 * carry, in a real Tomcat with the servers' default of sampling nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class TraceIdHeaderIT {

	private static final Pattern LOGGED_TRACE = Pattern.compile("\\[([0-9a-f]{32})-[0-9a-f]{16}\\].*Said hello");

	static ConfigurableApplicationContext context;

	static int port;

	final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		// the servers' default without a collector, said outright: nothing is sampled
		context = new SpringApplicationBuilder(HelloApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--spring.main.banner-mode=off",
				"--management.tracing.sampling.probability=0");
		port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void answerWhenTheTraceIsNotSampledThenItsHeaderNamesTheTraceOfTheRequestsLogLine(CapturedOutput output)
			throws Exception {
		HttpResponse<String> first = get("/hello", null);
		HttpResponse<String> second = get("/hello", null);

		String id = first.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(id).matches("[0-9a-f]{32}");
		assertThat(second.headers().firstValue("X-Trace-Id")).isPresent()
			.isNotEqualTo(first.headers().firstValue("X-Trace-Id"));
		Matcher logged = LOGGED_TRACE.matcher(output.getAll());
		assertThat(logged.find()).as("a log line naming a trace").isTrue();
		assertThat(logged.group(1)).isEqualTo(id);
	}

	@Test
	void answerWhenTheCallerSentATraceThenThatTrace() throws Exception {
		String trace = "4bf92f3577b34da6a3ce929d0e0e4736";

		HttpResponse<String> answer = get("/hello", "00-" + trace + "-00f067aa0ba902b7-00");

		assertThat(answer.headers().firstValue("X-Trace-Id")).hasValue(trace);
	}

	@Test
	void errorAnswerWhenRenderedInTheErrorDispatchOrWrittenAfterAResetThenItStillNamesTheTrace() throws Exception {
		String trace = "4bf92f3577b34da6a3ce929d0e0e4737";

		HttpResponse<String> missing = get("/nowhere", "00-" + trace + "-00f067aa0ba902b7-01");
		HttpResponse<String> reset = get("/hello/reset", "00-" + trace + "-00f067aa0ba902b7-01");

		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("X-Trace-Id")).hasValue(trace);
		assertThat(reset.body()).isEqualTo("hello again");
		assertThat(reset.headers().firstValue("X-Before")).isEmpty();
		assertThat(reset.headers().firstValue("X-Trace-Id")).hasValue(trace);
	}

	private HttpResponse<String> get(String path, String traceparent) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
