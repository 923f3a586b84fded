package com.defernowork.gateway.e2e.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.defernowork.gateway.e2e.support.ProjectDir;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md} is the one table of settings: every
 * {@code @ConfigurationProperties} record component, every setting of the services'
 * {@code application.yml} and property files that has an environment variable or is the
 * project's own, and every variable {@code docker-compose.yml} and {@code quickstart.sh}
 * read has a row; and no row names a property of the project's own that no longer exists.
 */
class ConfigurationTableTests {

	private static final Path ROOT = ProjectDir.root();

	private static final List<String> SERVICES = List.of("deferno-sandbox", "auth-server", "resource-server");

	/**
	 * The project's own prefixes: every setting under them needs a row, with or without
	 * an environment variable.
	 */
	private static final List<String> OWN_PREFIXES = List.of("auth.", "mcp.", "deferno.", "sandbox.");

	private static final Pattern ROW = Pattern
		.compile("^\\|\\s*(`([A-Z0-9_]+)`|—)\\s*\\|\\s*(`([a-z0-9.\\-]+)`|—)\\s*\\|[^|]*\\|([^|]*)\\|");

	private static final Pattern CONFIGURATION_PROPERTIES = Pattern
		.compile("@ConfigurationProperties\\(\"([a-z0-9.\\-]+)\"\\)\\s*(?:public\\s+)?record\\s+(\\w+)\\s*\\(");

	private static final Pattern INJECTED = Pattern.compile("@Value\\(\"\\$\\{([a-z0-9.\\-]+)");

	private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Z_][A-Z0-9_]*)");

	private static final Pattern SHELL_VARIABLE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)");

	private final List<Row> rows = rows();

	@Test
	void tableWhenComparedWithTheApplicationsThenEverySettingHasItsRow() {
		List<String> missing = new ArrayList<>();
		for (Setting setting : settings()) {
			boolean found = this.rows.stream()
				.anyMatch((row) -> (setting.property() == null || setting.property().equals(row.property()))
						&& (setting.variable() == null || setting.variable().equals(row.variable())));
			if (!found) {
				missing.add(setting.missingRow());
			}
		}
		assertThat(missing)
			.as("docs/configuration.md lacks these rows (variable | property | default | where | "
					+ "meaning); add them")
			.isEmpty();
	}

	@Test
	void tableWhenComparedWithTheApplicationsThenNoRowNamesAPropertyThatIsGone() {
		Set<String> known = new TreeSet<>();
		settings().stream().map(Setting::property).filter((property) -> property != null).forEach(known::add);
		List<String> stale = this.rows.stream()
			.map(Row::property)
			.filter((property) -> property != null && OWN_PREFIXES.stream().anyMatch(property::startsWith)
					&& !known.contains(property))
			.map((property) -> "the row of `" + property + "` names a property no application has; remove or fix it")
			.toList();
		assertThat(stale).isEmpty();
	}

	private static List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		for (String line : read(ROOT.resolve("docs/configuration.md")).split("\n")) {
			Matcher row = ROW.matcher(line);
			if (row.find()) {
				rows.add(new Row(row.group(2), row.group(4)));
			}
		}
		assertThat(rows).as("rows of the table in docs/configuration.md").isNotEmpty();
		return rows;
	}

	private static List<Setting> settings() {
		List<Setting> settings = new ArrayList<>();
		// the shared library's records and injection points are read by both servers
		javaFiles(ROOT.resolve("shared-web/src/main/java")).forEach((file) -> {
			settings.addAll(recordProperties(file));
			settings.addAll(injectedProperties(file));
		});
		for (String service : SERVICES) {
			Path module = ROOT.resolve(service);
			javaFiles(module.resolve("src/main/java")).forEach((file) -> {
				settings.addAll(recordProperties(file));
				settings.addAll(injectedProperties(file));
			});
			Path resources = module.resolve("src/main/resources");
			Path yaml = resources.resolve("application.yml");
			if (Files.exists(yaml)) {
				Map<String, Object> flat = new LinkedHashMap<>();
				flatten("", new Yaml().load(read(yaml)), flat);
				flat.forEach((key, value) -> configured(key, value, ROOT.relativize(yaml)).ifPresent(settings::add));
			}
			propertyFiles(resources).forEach((file) -> load(file).forEach(
					(key, value) -> configured((String) key, value, ROOT.relativize(file)).ifPresent(settings::add)));
		}
		for (String script : List.of("docker-compose.yml", "quickstart.sh")) {
			Matcher variable = SHELL_VARIABLE.matcher(read(ROOT.resolve(script)));
			Set<String> names = new TreeSet<>();
			while (variable.find()) {
				names.add(variable.group(1));
			}
			names.forEach((name) -> settings.add(new Setting(name, null, script)));
		}
		return settings;
	}

	/**
	 * A setting of a yml or property file that needs a row: one read from a variable, or
	 * one of our own.
	 */
	private static Optional<Setting> configured(String key, Object value, Path source) {
		Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(value));
		String variable = placeholder.find() ? placeholder.group(1) : null;
		if (variable == null && OWN_PREFIXES.stream().noneMatch(key::startsWith)) {
			return Optional.empty();
		}
		return Optional.of(new Setting(variable, key, source.toString()));
	}

	/**
	 * The properties of a {@code @ConfigurationProperties} record, nested records of the
	 * same file followed.
	 */
	/** The project's own settings an {@code @Value("${name:default}")} reads. */
	private static List<Setting> injectedProperties(Path file) {
		Matcher injected = INJECTED.matcher(read(file));
		List<Setting> settings = new ArrayList<>();
		while (injected.find()) {
			if (OWN_PREFIXES.stream().anyMatch(injected.group(1)::startsWith)) {
				settings.add(new Setting(null, injected.group(1), ROOT.relativize(file).toString()));
			}
		}
		return settings;
	}

	private static List<Setting> recordProperties(Path file) {
		String source = read(file);
		Matcher annotated = CONFIGURATION_PROPERTIES.matcher(source);
		List<Setting> settings = new ArrayList<>();
		while (annotated.find()) {
			components(source, annotated.group(2), annotated.group(1), ROOT.relativize(file).toString(), settings);
		}
		return settings;
	}

	private static void components(String source, String record, String prefix, String file, List<Setting> into) {
		Matcher declaration = Pattern.compile("record\\s+" + record + "\\s*\\(").matcher(source);
		if (!declaration.find()) {
			return;
		}
		for (String component : splitTopLevel(parameters(source, declaration.end()))) {
			String plain = component.replaceAll("@\\w+(\\([^)]*\\))?", "").trim();
			int space = plain.lastIndexOf(' ');
			String type = plain.substring(0, space).trim();
			String property = prefix + "." + kebab(plain.substring(space + 1).trim());
			if (!type.contains("<") && Pattern.compile("record\\s+" + type + "\\s*\\(").matcher(source).find()) {
				components(source, type, property, file, into);
			}
			else {
				into.add(new Setting(null, property, file));
			}
		}
	}

	private static String parameters(String source, int start) {
		int depth = 1;
		for (int i = start; i < source.length(); i++) {
			char c = source.charAt(i);
			depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
			if (depth == 0) {
				return source.substring(start, i);
			}
		}
		throw new IllegalStateException("unbalanced record declaration");
	}

	private static List<String> splitTopLevel(String parameters) {
		List<String> parts = new ArrayList<>();
		int depth = 0;
		int from = 0;
		for (int i = 0; i < parameters.length(); i++) {
			char c = parameters.charAt(i);
			depth += (c == '<' || c == '(') ? 1 : (c == '>' || c == ')') ? -1 : 0;
			if (c == ',' && depth == 0) {
				parts.add(parameters.substring(from, i));
				from = i + 1;
			}
		}
		if (!parameters.isBlank()) {
			parts.add(parameters.substring(from));
		}
		return parts;
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Object node, Map<String, Object> into) {
		if (node instanceof Map<?, ?> map) {
			map.forEach(
					(key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, into));
		}
		else {
			into.put(prefix, node);
		}
	}

	private static Stream<Path> javaFiles(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter((file) -> file.toString().endsWith(".java")).toList().stream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<Path> propertyFiles(Path dir) {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter((file) -> file.toString().endsWith(".properties")).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Properties load(Path file) {
		Properties properties = new Properties();
		try (var in = Files.newBufferedReader(file)) {
			properties.load(in);
			return properties;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Row(String variable, String property) {
	}

	/**
	 * A setting found in the sources; {@code variable} or {@code property} null when it
	 * has none.
	 */
	private record Setting(String variable, String property, String source) {

		String missingRow() {
			return "| " + ((this.variable != null) ? "`" + this.variable + "`" : "—") + " | "
					+ ((this.property != null) ? "`" + this.property + "`" : "—")
					+ " | <default> | <where> | <meaning> |" + "   (from " + this.source + ")";
		}

	}

}
