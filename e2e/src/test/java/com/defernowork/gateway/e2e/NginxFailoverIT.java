package com.defernowork.gateway.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.e2e.support.NginxProcess;
import com.defernowork.gateway.e2e.support.StandInUpstream;
import com.defernowork.gateway.testsupport.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's nginx in front of two replicas of the resource server (stand-ins), as a
 * rolling restart takes them down one after the other.
 */
class NginxFailoverIT {

	static final Path WORK = Path.of("target", "nginx-failover-runs").toAbsolutePath();

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	final List<AutoCloseable> running = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		for (AutoCloseable each : this.running.reversed()) {
			each.close();
		}
	}

	@Test
	void mcpWhenAReplicaIsBackAndTheOtherGoesDownThenTheOneBackServesWithinSeconds() throws Exception {
		NginxProcess.assumeBinary("the failover check");
		StandInUpstream auth = started(StandInUpstream.start("auth-server"));
		StandInUpstream first = StandInUpstream.start("replica-1");
		StandInUpstream second = started(StandInUpstream.start("replica-2"));
		NginxProcess nginx = started(NginxProcess.startLocal(FreePorts.next(), auth.address(),
				first.address() + "," + second.address(), WORK));

		// the first replica restarts: nginx finds it down and leaves it out for a while
		down(first);
		for (int i = 0; i < 4; i++) {
			assertThat(servedBy(nginx)).isEqualTo("replica-2");
		}
		first = started(StandInUpstream.start("replica-1", Integer.parseInt(first.address().split(":")[1])));
		// healthy again, a few seconds later the next replica goes down: nginx's own 10 s
		// would still leave the first out, and no server would be left (502); 2 s are
		// up to 3 in nginx's whole seconds
		Thread.sleep(3_500);
		down(second);
		for (int i = 0; i < 4; i++) {
			assertThat(servedBy(nginx)).isEqualTo("replica-1");
		}
	}

	/**
	 * Stops a replica, and gives nginx a moment to see the connections it kept to it
	 * closed: a request it sent on one as it closed would not be sent again (a POST may
	 * have been applied), which is not what this test is about.
	 */
	private static void down(StandInUpstream replica) throws InterruptedException {
		replica.close();
		Thread.sleep(300);
	}

	private String servedBy(NginxProcess nginx) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(nginx.baseUrl() + "/mcp"))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonMapper.builder().build().readTree(response.body()).get("who").asString();
	}

	private <T extends AutoCloseable> T started(T process) {
		this.running.add(process);
		return process;
	}

}
