package com.defernowork.gateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in OpenTelemetry collector: takes OTLP/HTTP protobuf trace exports on
 * {@code /v1/traces} and reads the spans out of them (trace id, name, string attributes)
 * with a minimal protobuf reader, so a test can see what a service traced without an
 * OpenTelemetry dependency of its own.
 */
public final class OtlpCollector implements AutoCloseable {

	private final HttpServer server;

	private final List<Span> spans = new CopyOnWriteArrayList<>();

	private OtlpCollector(HttpServer server) {
		this.server = server;
	}

	public static OtlpCollector start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			OtlpCollector collector = new OtlpCollector(server);
			server.createContext("/v1/traces", (exchange) -> {
				byte[] body = exchange.getRequestBody().readAllBytes();
				collector.spans.addAll(readRequest(body));
				exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			});
			server.start();
			return collector;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What {@code OTEL_EXPORTER_OTLP_ENDPOINT} should be set to. */
	public String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public List<Span> spans() {
		return List.copyOf(this.spans);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * One exported span.
	 *
	 * @param traceId lower-case hex
	 * @param name the span's name
	 * @param attributes its string-valued attributes
	 */
	public record Span(String traceId, String name, Map<String, String> attributes) {
	}

	// ExportTraceServiceRequest: 1 resource_spans { 2 scope_spans { 2 spans { 1 trace_id,
	// 5 name, 9 attributes } } }
	private static List<Span> readRequest(byte[] request) {
		List<Span> spans = new ArrayList<>();
		for (byte[] resourceSpans : fields(request, 1)) {
			for (byte[] scopeSpans : fields(resourceSpans, 2)) {
				for (byte[] span : fields(scopeSpans, 2)) {
					spans.add(readSpan(span));
				}
			}
		}
		return spans;
	}

	private static Span readSpan(byte[] span) {
		String traceId = fields(span, 1).stream().findFirst().map(HexFormat.of()::formatHex).orElse("");
		String name = fields(span, 5).stream().findFirst().map(String::new).orElse("");
		Map<String, String> attributes = new LinkedHashMap<>();
		for (byte[] keyValue : fields(span, 9)) {
			String key = fields(keyValue, 1).stream().findFirst().map(String::new).orElse("");
			fields(keyValue, 2).stream()
				.findFirst()
				.flatMap((anyValue) -> fields(anyValue, 1).stream().findFirst())
				.ifPresent((value) -> attributes.put(key, new String(value)));
		}
		return new Span(traceId, name, attributes);
	}

	/**
	 * The length-delimited fields numbered {@code number} of one message; other fields
	 * are skipped.
	 */
	private static List<byte[]> fields(byte[] message, int number) {
		List<byte[]> found = new ArrayList<>();
		int[] at = { 0 };
		while (at[0] < message.length) {
			long key = varint(message, at);
			int wireType = (int) (key & 7);
			switch (wireType) {
				case 0 -> varint(message, at);
				case 1 -> at[0] += 8;
				case 5 -> at[0] += 4;
				case 2 -> {
					int length = (int) varint(message, at);
					if ((key >>> 3) == number) {
						byte[] field = new byte[length];
						System.arraycopy(message, at[0], field, 0, length);
						found.add(field);
					}
					at[0] += length;
				}
				default -> throw new IllegalStateException("unexpected protobuf wire type " + wireType);
			}
		}
		return found;
	}

	private static long varint(byte[] message, int[] at) {
		long value = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			byte b = message[at[0]++];
			value |= (long) (b & 0x7f) << shift;
			if ((b & 0x80) == 0) {
				return value;
			}
		}
		throw new IllegalStateException("malformed varint");
	}

}
