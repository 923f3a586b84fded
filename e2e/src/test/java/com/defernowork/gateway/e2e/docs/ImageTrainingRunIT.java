package com.defernowork.gateway.e2e.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.defernowork.gateway.e2e.support.ProjectDir;
import com.defernowork.gateway.testsupport.AppProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image build's training run (the {@code Dockerfile}'s {@code RUN java
 * -XX:AOTCacheOutput=…}) as {@code docker build} runs it, for each application: with the
 * image's {@code ENV} and nothing else of this machine's, from a folder without
 * configuration. No Docker engine runs here, and a step that exits with an error fails
 * the whole build, so each application must start and stop cleanly this way.
 */
class ImageTrainingRunIT {

	private static final Pattern ENV = Pattern.compile("(?m)^ENV ((?:.*\\\\\\n)*.*)$");

	private static final Pattern ASSIGNMENT = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");

	private static final Pattern TRAINING = Pattern.compile("(?m)^RUN ((?:\\w+=\\S+ )*)java (-XX:AOTCacheOutput=.*)$");

	/** What the base image's environment holds beside the Dockerfile's own. */
	private static final List<String> BASE_IMAGE = List.of("PATH", "HOME", "LANG");

	@ParameterizedTest
	@ValueSource(strings = { "deferno-sandbox", "auth-server", "resource-server" })
	void trainingRunWhenRunAsTheImageBuildRunsItThenTheApplicationStartsAndStops(String module, @TempDir Path dir)
			throws IOException, InterruptedException {
		String dockerfile = Files.readString(ProjectDir.root().resolve("Dockerfile"));
		Matcher training = TRAINING.matcher(dockerfile);
		assertThat(training.find()).as("the Dockerfile's training run").isTrue();

		Map<String, String> environment = new LinkedHashMap<>();
		BASE_IMAGE.forEach((name) -> {
			if (System.getenv(name) != null) {
				environment.put(name, System.getenv(name));
			}
		});
		environment.putAll(imageEnvironment(dockerfile));
		environment.putAll(assignments(training.group(1)));

		Path jar = AppProcess.executableJar(module);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		for (String word : training.group(2).strip().split("\\s+")) {
			if (word.startsWith("-XX:AOTCacheOutput=")) {
				// the AOT cache needs JDK 25 (the image's); older JDKs run the rest
				if (Runtime.version().feature() >= 25) {
					command.add("-XX:AOTCacheOutput=" + dir.resolve("app.aot"));
				}
				continue;
			}
			command.add(word.equals("/app/app.jar") ? jar.toString() : word);
		}
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("training.log").toFile());
		builder.environment().clear();
		builder.environment().putAll(environment);
		Process process = builder.start();
		boolean ended = process.waitFor(120, TimeUnit.SECONDS);
		if (!ended) {
			process.destroyForcibly();
		}
		String log = Files.readString(dir.resolve("training.log"), StandardCharsets.UTF_8);
		assertThat(ended).as("the training run ended\n%s", log).isTrue();
		assertThat(process.exitValue()).as("the training run's exit code\n%s", log).isZero();
		if (Runtime.version().feature() >= 25) {
			assertThat(dir.resolve("app.aot")).as(log).isNotEmptyFile();
		}
	}

	/** The {@code ENV} instructions of the runtime stage, continuation lines joined. */
	private static Map<String, String> imageEnvironment(String dockerfile) {
		Map<String, String> environment = new LinkedHashMap<>();
		Matcher env = ENV.matcher(dockerfile.substring(dockerfile.lastIndexOf("\nFROM ")));
		while (env.find()) {
			environment.putAll(assignments(env.group(1).replace("\\\n", " ")));
		}
		assertThat(environment).as("the image's ENV").containsKey("SERVER_ADDRESS");
		return environment;
	}

	private static Map<String, String> assignments(String words) {
		Map<String, String> values = new LinkedHashMap<>();
		Matcher assignment = ASSIGNMENT.matcher(words);
		while (assignment.find()) {
			String value = assignment.group(2);
			values.put(assignment.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
		}
		return values;
	}

}
