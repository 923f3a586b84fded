package com.defernowork.gateway.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class JvmStartupCacheTests {

	private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

	@Test
	void launchWhenTheJarCannotBeExtractedThenStartsItAsItIsAndRemembersThatUntilItChanges(@TempDir Path target)
			throws IOException {
		Path jar = plainJar(target.resolve("app-exec.jar"));
		assertThat(JvmStartupCache.launch(JAVA, jar, List.of("-Xmx64m"))).containsExactly("-jar", jar.toString());
		Path stamp = target.resolve("jvm-cache").resolve("stamp");
		String recorded = Files.readString(stamp);
		assertThat(recorded).contains("-Xmx64m");
		assertThat(JvmStartupCache.launch(JAVA, jar, List.of("-Xmx128m"))).containsExactly("-jar", jar.toString());
		assertThat(Files.readString(stamp)).isNotEqualTo(recorded).contains("-Xmx128m");
	}

	@Test
	void launchWhenServersOfOneModuleStartAtOnceThenAllStart(@TempDir Path target) throws Exception {
		Path jar = plainJar(target.resolve("app-exec.jar"));
		List<String> options = List.of("-Xmx64m");
		int servers = 4;
		CyclicBarrier together = new CyclicBarrier(servers);
		List<CompletableFuture<List<String>>> launches = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(servers)) {
			for (int i = 0; i < servers; i++) {
				launches.add(CompletableFuture.supplyAsync(() -> {
					await(together);
					return JvmStartupCache.launch(JAVA, jar, options);
				}, threads));
			}
			for (CompletableFuture<List<String>> launch : launches) {
				assertThat(launch.get(60, TimeUnit.SECONDS)).containsExactly("-jar", jar.toString());
			}
		}
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A jar without a Spring Boot layout or a main class: nothing to extract. */
	private static Path plainJar(Path path) throws IOException {
		try (OutputStream out = Files.newOutputStream(path);
				JarOutputStream jar = new JarOutputStream(out, new Manifest())) {
			return path;
		}
	}

}
