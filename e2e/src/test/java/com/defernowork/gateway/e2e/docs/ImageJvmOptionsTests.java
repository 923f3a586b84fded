package com.defernowork.gateway.e2e.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.defernowork.gateway.e2e.support.JvmScript;
import com.defernowork.gateway.e2e.support.ProjectDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images start their JVMs as quickstart.sh and the benchmark do: the
 * {@code Dockerfile} cannot source {@code scripts/jvm.sh}, so its
 * {@code JAVA_TOOL_OPTIONS} repeat what that script gives the image's JDK, but for those
 * an Alpine (musl) image cannot use.
 */
class ImageJvmOptionsTests {

	private static final Path ROOT = ProjectDir.root();

	private static final Pattern RUNTIME_JDK = Pattern.compile("(?m)^FROM eclipse-temurin:(\\d+)-jre(\\S*)");

	private static final Pattern TOOL_OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"");

	/**
	 * Left out on an Alpine (musl) runtime image: the JVM trims only glibc's heap, and
	 * with this option on musl it merely warns at every start that it cannot.
	 */
	private static final Pattern GLIBC_ONLY = Pattern.compile("-XX:TrimNativeHeapInterval=.*");

	@Test
	void dockerfileWhenComparedWithTheScriptThenSameJvmOptions(@TempDir Path dir)
			throws IOException, InterruptedException {
		String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
		Matcher jdk = RUNTIME_JDK.matcher(dockerfile);
		Matcher options = TOOL_OPTIONS.matcher(dockerfile);
		assertThat(jdk.find()).as("the Dockerfile's runtime image").isTrue();
		assertThat(options.find()).as("the Dockerfile's JAVA_TOOL_OPTIONS").isTrue();

		boolean musl = jdk.group(2).contains("alpine");
		List<String> expected = words(scriptOptions(dir, jdk.group(1))).stream()
			.filter((option) -> !(musl && GLIBC_ONLY.matcher(option).matches()))
			.toList();

		assertThat(words(options.group(1))).containsExactlyInAnyOrderElementsOf(expected);
	}

	/** What jvm_default_options prints for a JDK of that feature version. */
	private static String scriptOptions(Path dir, String feature) throws IOException, InterruptedException {
		// a stand-in for that JDK's java: jvm.sh asks it only for its specification
		// version
		Path java = dir.resolve("java");
		Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = " + feature + "' >&2\n");
		Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
		return String.join(" ", JvmScript.defaultOptions(java));
	}

	private static List<String> words(String options) {
		return Arrays.asList(options.strip().split("\\s+"));
	}

}
