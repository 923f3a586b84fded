package com.defernowork.gateway.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * An extracted copy of an application's jar and a startup cache recorded from one start
 * of it, kept beside the jar ({@code <module>/target/jvm-cache/}) and redone when the
 * jar's content, the JDK or the JVM options change: an AOT cache on JDK 25+, a dynamic
 * class-data archive before. The tests start each application dozens of times; with the
 * cache a start takes about half as long. The recording run starts the application with
 * its defaults and no environment of a test's (a test may start it with settings meant to
 * fail), and stops it once its context is refreshed; if it fails the application starts
 * from its jar as it is, without trying again before the next build.
 */
final class JvmStartupCache {

	private static final long RECORDING_TIMEOUT_SECONDS = 120;

	private JvmStartupCache() {
	}

	/**
	 * The arguments after {@code java <options>} that start {@code jar}. Synchronized: a
	 * file lock keeps other JVMs out but throws when two threads of one JVM (two servers
	 * started at once) ask for it.
	 */
	static synchronized List<String> launch(Path java, Path jar, List<String> options) {
		Path dir = jar.resolveSibling("jvm-cache");
		Path copy = dir.resolve(jar.getFileName());
		Path cache = dir.resolve(aot() ? "app.aot" : "app.jsa");
		try {
			Files.createDirectories(dir);
			try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
				String stamp = checksum(jar) + " " + Runtime.version() + " " + java + " " + options;
				Path stampFile = dir.resolve("stamp");
				if (!Files.exists(stampFile) || !Files.readString(stampFile).equals(stamp)) {
					prepare(java, jar, options, dir, copy, cache);
					Files.writeString(stampFile, stamp);
				}
				// decided under the lock: another JVM may prepare anew right after it
				if (Files.isRegularFile(copy) && Files.isRegularFile(cache)) {
					return List.of((aot() ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + cache, "-jar",
							copy.toString());
				}
				return List.of("-jar", jar.toString());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not prepare the startup cache of " + jar, ex);
		}
	}

	private static void prepare(Path java, Path jar, List<String> options, Path dir, Path copy, Path cache)
			throws IOException {
		Files.deleteIfExists(cache);
		Files.deleteIfExists(copy);
		// class data sharing needs plain jars, not the nested ones of an executable jar
		boolean prepared = run(List.of(java.toString(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
				"--destination", dir.toString(), "--force"), dir.resolve("extract.log"));
		if (prepared) {
			List<String> record = new ArrayList<>(List.of(java.toString()));
			record.addAll(options);
			record.add(aot() ? "-XX:AOTCacheOutput=" + cache : "-XX:ArchiveClassesAtExit=" + cache);
			record.addAll(List.of("-Dspring.context.exit=onRefresh", "-jar", copy.toString(), "--server.port=0",
					"--server.address=127.0.0.1"));
			prepared = run(record, dir.resolve("recording.log"));
		}
		if (!prepared) {
			Files.deleteIfExists(cache);
			System.err.println("No startup cache for " + jar.getFileName() + " (see " + dir
					+ "/*.log); its applications start without one until it is built again");
		}
	}

	private static boolean run(List<String> command, Path log) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().keySet().retainAll(AppProcess.INHERITED);
		Process process = builder.start();
		try {
			if (process.waitFor(RECORDING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				return process.exitValue() == 0;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		// the JDK 25 recording assembles the cache in a child JVM of its own
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
		return false;
	}

	private static long checksum(Path jar) throws IOException {
		try (CheckedInputStream in = new CheckedInputStream(Files.newInputStream(jar), new CRC32())) {
			in.transferTo(OutputStream.nullOutputStream());
			return in.getChecksum().getValue();
		}
	}

	private static boolean aot() {
		return Runtime.version().feature() >= 25;
	}

}
