package com.defernowork.gateway.e2e.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/jvm.sh}, which quickstart.sh and the benchmark source to start the
 * applications' JVMs.
 */
public final class JvmScript {

	private JvmScript() {
	}

	/** The JVM options {@code jvm_default_options} gives the JDK whose java this is. */
	public static List<String> defaultOptions(Path java) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("bash", "-c", "source scripts/jvm.sh && jvm_default_options \"$0\"",
				java.toString())
			.directory(ProjectDir.root().toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		assertThat(process.waitFor()).as(output).isZero();
		return Arrays.asList(output.split("\\s+"));
	}

}
