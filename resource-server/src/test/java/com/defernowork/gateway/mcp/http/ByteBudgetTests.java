package com.defernowork.gateway.mcp.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class ByteBudgetTests {

	private static final int BUDGET = 64 * 1024;

	private final ByteBudget budget = new ByteBudget(BUDGET);

	private ByteBudget.Read read(int bytes) throws IOException {
		return this.budget.read(new ByteArrayInputStream(new byte[bytes]), bytes, BUDGET, Duration.ZERO);
	}

	/** A peer that went away after sending {@code sent} bytes. */
	private static InputStream cutOff(int sent) {
		InputStream then = new InputStream() {

			@Override
			public int read() throws IOException {
				throw new IOException("Connection reset by peer");
			}

		};
		return new SequenceInputStream(new ByteArrayInputStream(new byte[sent]), then);
	}

	@Test
	void readWhenBodiesHeldThenNoRoomBeyondTheBudgetUntilReleased() throws IOException {
		ByteBudget.Read first = read(40 * 1024);
		assertThat(first.outcome()).isEqualTo(ByteBudget.Outcome.READ);
		assertThat(first.body()).hasSize(40 * 1024);

		assertThat(read(40 * 1024).outcome()).isEqualTo(ByteBudget.Outcome.NO_ROOM);

		this.budget.release(first);
		assertThat(read(40 * 1024).outcome()).isEqualTo(ByteBudget.Outcome.READ);
	}

	@Test
	void readWhenTheBodyArrivesInManyBlocksThenItReadsBackWholeWhateverWasDeclared() throws IOException {
		// past the largest block too
		byte[] sent = new byte[700_000];
		new Random(7).nextBytes(sent);
		ByteBudget roomy = new ByteBudget(sent.length);
		for (long declared : new long[] { -1, sent.length, 100, 0 }) {
			ByteBudget.Read read = roomy.read(new ByteArrayInputStream(sent), declared, sent.length, Duration.ZERO);

			assertThat(read.outcome()).as("declared %d", declared).isEqualTo(ByteBudget.Outcome.READ);
			assertThat(read.length()).isEqualTo(sent.length);
			assertThat(read.stream().readAllBytes()).as("streamed, declared %d", declared).isEqualTo(sent);
			assertThat(read.body()).as("joined, declared %d", declared).isEqualTo(sent);
			roomy.release(read);
		}
		assertThat(roomy.read(new ByteArrayInputStream(sent), -1, sent.length, Duration.ZERO).outcome())
			.as("all given back")
			.isEqualTo(ByteBudget.Outcome.READ);
	}

	@Test
	void readWhenExactlyAsDeclaredThenReadWithoutWaitingForMore() throws IOException {
		ByteBudget.Read read = this.budget.read(new ByteArrayInputStream("{\"id\":1}".getBytes()), 8, 8, Duration.ZERO);

		assertThat(read.outcome()).isEqualTo(ByteBudget.Outcome.READ);
		assertThat(read.body()).asString().isEqualTo("{\"id\":1}");
		assertThat(this.budget.read(new ByteArrayInputStream("{\"id\":12}".getBytes()), 8, 8, Duration.ZERO).outcome())
			.as("one byte more than declared and the largest")
			.isEqualTo(ByteBudget.Outcome.TOO_LARGE);
	}

	@Test
	void readWhenThePeerGoesAwayMidBodyThenWhatItSentIsGivenBack() throws IOException {
		for (int i = 0; i < 10; i++) {
			assertThatIOException()
				.isThrownBy(() -> this.budget.read(cutOff(60 * 1024), BUDGET, BUDGET, Duration.ZERO));
		}

		assertThat(read(BUDGET).outcome()).isEqualTo(ByteBudget.Outcome.READ);
	}

	@Test
	void readWhenLongerThanTheLargestThenTooLargeAndNothingHeld() throws IOException {
		assertThat(this.budget.read(new ByteArrayInputStream(new byte[100]), 100, 99, Duration.ZERO).outcome())
			.as("declared")
			.isEqualTo(ByteBudget.Outcome.TOO_LARGE);
		assertThat(this.budget.read(new ByteArrayInputStream(new byte[20_000]), -1, 10_000, Duration.ZERO).outcome())
			.as("found out while read")
			.isEqualTo(ByteBudget.Outcome.TOO_LARGE);

		assertThat(read(BUDGET).outcome()).isEqualTo(ByteBudget.Outcome.READ);
	}

	@Test
	void readWhenAllowedToWaitThenReadOnceRoomIsGivenBack() throws Exception {
		ByteBudget.Read first = read(40 * 1024);
		CompletableFuture<ByteBudget.Read> waiting = CompletableFuture.supplyAsync(() -> {
			try {
				return this.budget.read(new ByteArrayInputStream(new byte[40 * 1024]), -1, BUDGET,
						Duration.ofSeconds(30));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		Thread.sleep(200);
		assertThat(waiting).as("waits for room").isNotDone();

		this.budget.release(first);
		ByteBudget.Read second = waiting.get(10, TimeUnit.SECONDS);
		assertThat(second.outcome()).isEqualTo(ByteBudget.Outcome.READ);
		assertThat(second.body()).hasSize(40 * 1024);
	}

	@Test
	void readWhenNoRoomWithinTheWaitThenNoRoomAndWhatItTookGivenBack() throws IOException {
		ByteBudget.Read first = read(40 * 1024);

		assertThat(this.budget.read(new ByteArrayInputStream(new byte[40 * 1024]), -1, BUDGET, Duration.ofMillis(50))
			.outcome()).isEqualTo(ByteBudget.Outcome.NO_ROOM);

		this.budget.release(first);
		assertThat(read(BUDGET).outcome()).isEqualTo(ByteBudget.Outcome.READ);
	}

	@Test
	void readWhenTwoBodiesEachHoldPartOfTheBudgetThenNeitherWaitsForTheOther() throws Exception {
		Gated first = new Gated(40 * 1024, 8 * 1024);
		CompletableFuture<ByteBudget.Read> firstRead = readAsync(first);
		assertThat(first.reached.await(10, TimeUnit.SECONDS)).isTrue();
		// the second takes the 24 KB left, then finds no room for the rest
		Gated second = new Gated(24 * 1024, 16 * 1024);
		CompletableFuture<ByteBudget.Read> secondRead = readAsync(second);
		assertThat(second.reached.await(10, TimeUnit.SECONDS)).isTrue();
		second.open.countDown();
		first.open.countDown();

		// one finishes (which one depends on who asked for room first); once it is done
		// with its body, so does the other
		CompletableFuture.anyOf(firstRead, secondRead).get(5, TimeUnit.SECONDS);
		CompletableFuture<ByteBudget.Read> done = firstRead.isDone() ? firstRead : secondRead;
		this.budget.release(done.join());
		CompletableFuture.allOf(firstRead, secondRead).get(5, TimeUnit.SECONDS);
		assertThat(firstRead.join().body()).hasSize(48 * 1024);
		assertThat(secondRead.join().body()).hasSize(40 * 1024);
	}

	private CompletableFuture<ByteBudget.Read> readAsync(InputStream in) {
		// a thread each: the common pool may have only one on a small machine
		return CompletableFuture.supplyAsync(() -> {
			try {
				return this.budget.read(in, -1, BUDGET, Duration.ofSeconds(30));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}, Thread::startVirtualThread);
	}

	/** A body that sends {@code before} bytes, then the rest once opened. */
	private static final class Gated extends InputStream {

		final CountDownLatch reached = new CountDownLatch(1);

		final CountDownLatch open = new CountDownLatch(1);

		private final int before;

		private int left;

		private int sent;

		Gated(int before, int after) {
			this.before = before;
			this.left = before + after;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : one[0];
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.left == 0) {
				return -1;
			}
			if (this.sent == this.before) {
				this.reached.countDown();
				try {
					this.open.await();
				}
				catch (InterruptedException ex) {
					throw new InterruptedIOException();
				}
			}
			int count = Math.min(length, this.left);
			if (this.sent < this.before) {
				count = Math.min(count, this.before - this.sent);
			}
			this.sent += count;
			this.left -= count;
			return count;
		}

	}

}
