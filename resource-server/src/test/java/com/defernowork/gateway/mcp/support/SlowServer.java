package com.defernowork.gateway.mcp.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Deferno, or a proxy in front of it, on a loopback socket of its own that answers as
 * slowly as a test needs ({@link Answer}): a trickle sends a byte every {@link #INTERVAL}
 * for about 20 s, far past any bound under test yet never silent for as long as one read
 * waits.
 */
public final class SlowServer implements AutoCloseable {

	public static final Duration INTERVAL = Duration.ofMillis(100);

	/** How every request is answered from now on. */
	public enum Answer {

		/** An enveloped answer at once, on a connection kept alive. */
		AT_ONCE,

		/** The answer's head a byte at a time. */
		HEAD_TRICKLED,

		/** The answer's head at once, its body a byte at a time. */
		BODY_TRICKLED

	}

	/** Bytes trickled: about 20 s at {@link #INTERVAL}. */
	private static final int TRICKLED = 200;

	private static final String ANSWER = "{\"version\":\"0.2\",\"data\":{\"ok\":true},\"error\":null}";

	private final ServerSocket server;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private volatile Answer answer;

	public SlowServer(Answer answer) throws IOException {
		this.answer = answer;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(this::accept);
	}

	public void answer(Answer answer) {
		this.answer = answer;
	}

	/** The API base, {@code /api} included. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getLocalPort() + "/api";
	}

	/** Connections accepted so far. */
	public int accepted() {
		return this.accepted.get();
	}

	/** Connections still open: a trickle ends when its client closes the connection. */
	public int open() {
		return this.open.size();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.open) {
			socket.close();
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.accepted.incrementAndGet();
				this.open.add(socket);
				Thread.ofVirtual().start(() -> serve(socket));
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			InputStream in = new BufferedInputStream(socket.getInputStream());
			OutputStream out = socket.getOutputStream();
			String head;
			while ((head = readHead(in)) != null) {
				in.readNBytes(contentLength(head));
				Answer now = this.answer;
				if (now == Answer.HEAD_TRICKLED) {
					trickle(out, ("HTTP/1.1 200 OK\r\nX-Padding: " + "a".repeat(TRICKLED) + "\r\n")
						.getBytes(StandardCharsets.US_ASCII));
					return;
				}
				if (now == Answer.BODY_TRICKLED) {
					out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + TRICKLED
							+ "\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
					trickle(out, " ".repeat(TRICKLED).getBytes(StandardCharsets.US_ASCII));
					return;
				}
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + ANSWER.length()
						+ "\r\n\r\n" + ANSWER)
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// the client closed the connection, or the server was closed
		}
		finally {
			this.open.remove(socket);
		}
	}

	private static void trickle(OutputStream out, byte[] bytes) throws IOException, InterruptedException {
		for (byte b : bytes) {
			out.write(b);
			out.flush();
			Thread.sleep(INTERVAL);
		}
	}

	/** A request's head, or null at the end of the connection. */
	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			head.write(b);
			if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
				return head.toString(StandardCharsets.US_ASCII);
			}
		}
		return null;
	}

	private static int contentLength(String head) {
		return head.lines()
			.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
			.map((line) -> Integer.parseInt(line.substring("content-length:".length()).strip()))
			.findFirst()
			.orElse(0);
	}

}
