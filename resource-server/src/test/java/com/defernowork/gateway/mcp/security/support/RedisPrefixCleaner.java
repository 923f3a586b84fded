package com.defernowork.gateway.mcp.security.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import com.defernowork.gateway.testsupport.TestRedis;

/**
 * Deletes the keys under one test's own prefix from the shared Redis (a single Lua call over plain RESP, so the
 * resource server's tests need no Redis client library).
 */
public final class RedisPrefixCleaner {

	private static final String SCRIPT = "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do "
			+ "redis.call('DEL', k) n = n + 1 end return n";

	private RedisPrefixCleaner() {
	}

	public static void deleteKeysUnder(String prefix) {
		if (prefix == null || prefix.length() < 8) {
			throw new IllegalArgumentException("refusing to delete under a short prefix: " + prefix);
		}
		try (Socket socket = new Socket(TestRedis.host(), TestRedis.port())) {
			OutputStream out = socket.getOutputStream();
			out.write(command("EVAL", SCRIPT, "0", prefix + "*"));
			out.flush();
			new BufferedInputStream(socket.getInputStream()).read(new byte[64]);
		}
		catch (IOException ex) {
			System.err.println("could not clean Redis keys under " + prefix + ": " + ex.getMessage());
		}
	}

	private static byte[] command(String... parts) {
		StringBuilder resp = new StringBuilder("*").append(parts.length).append("\r\n");
		for (String part : parts) {
			resp.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
		}
		return resp.toString().getBytes(StandardCharsets.UTF_8);
	}

}
