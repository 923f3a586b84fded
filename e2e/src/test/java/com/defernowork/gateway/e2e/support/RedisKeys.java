package com.defernowork.gateway.e2e.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a test's own keys (by prefix) from the shared Redis, speaking RESP directly.
 */
public final class RedisKeys {

	private RedisKeys() {
	}

	public static int deleteByPrefix(String redisUrl, String prefix) {
		URI uri = URI.create(redisUrl);
		try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			int deleted = 0;
			String cursor = "0";
			do {
				command(out, "SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000");
				List<Object> reply = (List<Object>) read(in);
				cursor = (String) reply.get(0);
				for (Object key : (List<Object>) reply.get(1)) {
					command(out, "DEL", (String) key);
					deleted += ((Long) read(in)).intValue();
				}
			}
			while (!cursor.equals("0"));
			return deleted;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not clean keys " + prefix + "* in " + redisUrl, ex);
		}
	}

	private static void command(OutputStream out, String... parts) throws IOException {
		StringBuilder resp = new StringBuilder("*").append(parts.length).append("\r\n");
		for (String part : parts) {
			resp.append('$')
				.append(part.getBytes(StandardCharsets.UTF_8).length)
				.append("\r\n")
				.append(part)
				.append("\r\n");
		}
		out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static Object read(InputStream in) throws IOException {
		int type = in.read();
		String line = line(in);
		return switch (type) {
			case '+' -> line;
			case ':' -> Long.parseLong(line);
			case '$' -> {
				int length = Integer.parseInt(line);
				if (length < 0) {
					yield null;
				}
				byte[] bytes = in.readNBytes(length);
				in.readNBytes(2);
				yield new String(bytes, StandardCharsets.UTF_8);
			}
			case '*' -> {
				int count = Integer.parseInt(line);
				List<Object> items = new ArrayList<>();
				for (int i = 0; i < count; i++) {
					items.add(read(in));
				}
				yield items;
			}
			default -> throw new IOException("Redis answered " + (char) type + line);
		};
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != '\r') {
			if (c < 0) {
				throw new IOException("Redis closed the connection");
			}
			line.append((char) c);
		}
		in.read();
		return line.toString();
	}

}
