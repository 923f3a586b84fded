package com.defernowork.gateway.mcp.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityReporterTests {

	private static final RetryPolicy NO_RETRIES = RetryPolicy.withMaxRetries(0);

	/** What the authorization server received, one list per request. */
	private final BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();

	/** Holds the first request until released, so that the next reports queue up. */
	private final CountDownLatch firstRequestReleased = new CountDownLatch(1);

	private final AtomicBoolean firstRequest = new AtomicBoolean(true);

	private ActivityReporter reporter;

	@AfterEach
	void stop() throws InterruptedException {
		this.firstRequestReleased.countDown();
		if (this.reporter != null) {
			this.reporter.destroy();
		}
	}

	@Test
	void reportWhenCallsQueueUpDuringARequestThenNextRequestCarriesThemInOrderUpToTheBatchSize() throws Exception {
		this.reporter = new ActivityReporter(this::receive, 100, 3, Duration.ZERO, NO_RETRIES);
		reportSixWhileTheFirstIsBeingSent();
		assertThat(next()).containsExactly("tool-1");
		assertThat(next()).containsExactly("tool-2", "tool-3", "tool-4");
		assertThat(next()).containsExactly("tool-5", "tool-6");
	}

	/** tool-1 is sent alone; tool-2 to tool-6 queue up meanwhile. */
	private void reportSixWhileTheFirstIsBeingSent() throws Exception {
		report("tool-1");
		awaitFirstRequest();
		for (int i = 2; i <= 6; i++) {
			report("tool-" + i);
		}
		this.firstRequestReleased.countDown();
	}

	@Test
	void reportWhenQueueFullThenDroppedWithoutWaiting() throws Exception {
		this.reporter = new ActivityReporter(this::receive, 2, 10, Duration.ZERO, NO_RETRIES);
		reportSixWhileTheFirstIsBeingSent();
		assertThat(next()).containsExactly("tool-1");
		assertThat(next()).containsExactly("tool-2", "tool-3");
		assertThat(this.received.poll(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void reportWhenARequestFailsWithAnyExceptionThenLaterCallsStillSent() throws Exception {
		this.firstRequestReleased.countDown();
		CountDownLatch failed = new CountDownLatch(2);
		this.reporter = new ActivityReporter((calls) -> {
			if (failed.getCount() == 2) {
				failed.countDown();
				throw new IllegalStateException("authorization server down");
			}
			if (failed.getCount() == 1) {
				failed.countDown();
				throw new LinkageError("a class went missing");
			}
			receive(calls);
		}, 100, 10, Duration.ZERO, NO_RETRIES);
		report("lost");
		awaitCount(failed, 1);
		report("lost too");
		assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
		report("tool-3");
		assertThat(next()).containsExactly("tool-3");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void reportWhenTheAddressAnswers404ThenTheWarningSaysWhatAuthInternalUrlMustName(CapturedOutput output)
			throws Exception {
		this.reporter = new ActivityReporter((calls) -> {
			// what nginx answers for the path it does not pass on
			throw HttpClientErrorException.create(HttpStatus.NOT_FOUND, "Not Found", HttpHeaders.EMPTY, new byte[0],
					null);
		}, 100, 10, Duration.ZERO, NO_RETRIES);
		report("lost");
		Awaitility.await()
			.untilAsserted(() -> assertThat(output.getAll())
				.contains("1 tool calls are missing from the connected-apps activity")
				.contains("did not take them (404 Not Found)")
				.contains(ActivityReporter.NOT_FOUND)
				.doesNotContain("HttpClientErrorException"));
	}

	@Test
	void reportWhenTheAuthorizationServerFailsForAWhileThenTheBatchIsSentOnceItAnswers() throws Exception {
		this.firstRequestReleased.countDown();
		CountDownLatch failures = new CountDownLatch(2);
		this.reporter = new ActivityReporter((calls) -> {
			if (failures.getCount() > 0) {
				failures.countDown();
				throw new IllegalStateException("503 while its Redis fails over");
			}
			receive(calls);
		}, 100, 10, Duration.ZERO, RetryPolicy.builder().maxRetries(3).delay(Duration.ofMillis(10)).build());

		report("kept");

		assertThat(next()).containsExactly("kept");
		assertThat(failures.getCount()).isZero();
	}

	@Test
	void destroyWhenCallsQueuedThenTheyAreSentFirst() throws Exception {
		this.reporter = new ActivityReporter(this::receive, 100, 2, Duration.ofHours(1), NO_RETRIES);
		report("tool-1");
		awaitFirstRequest();
		report("tool-2");
		report("tool-3");
		report("tool-4");
		this.firstRequestReleased.countDown();
		this.reporter.destroy();
		List<List<String>> requests = new ArrayList<>();
		this.received.drainTo(requests);
		assertThat(requests.stream().flatMap(List::stream)).containsExactly("tool-1", "tool-2", "tool-3", "tool-4");
		assertThat(requests).allSatisfy((request) -> assertThat(request).hasSizeLessThanOrEqualTo(2));
	}

	private void report(String tool) {
		this.reporter.report("user-1", "client-1", tool, "ok", 5);
	}

	private void receive(List<Map<String, Object>> calls) {
		List<String> tools = calls.stream().map((call) -> (String) call.get("tool")).toList();
		this.received.add(tools);
		if (this.firstRequest.compareAndSet(true, false)) {
			try {
				this.firstRequestReleased.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void awaitFirstRequest() throws InterruptedException {
		List<String> first = this.received.poll(10, TimeUnit.SECONDS);
		assertThat(first).isNotNull();
		this.received.add(first);
	}

	private static void awaitCount(CountDownLatch latch, long count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (latch.getCount() > count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(latch.getCount()).isEqualTo(count);
	}

	private List<String> next() throws InterruptedException {
		List<String> batch = this.received.poll(10, TimeUnit.SECONDS);
		assertThat(batch).as("no report sent").isNotNull();
		return batch;
	}

}
