package com.defernowork.gateway.model.scope;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OAuth scopes of the Deferno MCP gateway, as the authorization server grants them
 * and the resource server enforces them. A {@code *:write} scope implies the matching
 * {@code *:read} scope.
 */
public enum Scopes {

	TASKS_READ("tasks:read", "Read your tasks, chores, habits and events"),
	TASKS_WRITE("tasks:write", "Create, change and delete your tasks, chores, habits and events"),
	PLAN_READ("plan:read", "Read your daily plan and calendar"),
	PLAN_WRITE("plan:write", "Add items to, remove them from and reorder your daily plan"),
	PROFILE_READ("profile:read", "See your Deferno username and display name");

	private final String value;

	private final String description;

	Scopes(String value, String description) {
		this.value = value;
		this.description = description;
	}

	/** The scope string on the wire, e.g. {@code tasks:read}. */
	public String value() {
		return this.value;
	}

	/** A sentence a person reads on the consent page. */
	public String description() {
		return this.description;
	}

	/** Every scope value, in declaration order. */
	public static List<String> values(Scopes... scopes) {
		return Arrays.stream(scopes).map(Scopes::value).toList();
	}

	/** Every scope value the gateway knows, in declaration order. */
	public static List<String> all() {
		return values(values());
	}

	public static Optional<Scopes> of(String value) {
		return Arrays.stream(values()).filter((s) -> s.value.equals(value)).findFirst();
	}

	public static boolean isKnown(String value) {
		return of(value).isPresent();
	}

	/**
	 * The scope this one implies besides itself: {@code tasks:write} implies
	 * {@code tasks:read}.
	 */
	public Optional<Scopes> implied() {
		return switch (this) {
			case TASKS_WRITE -> Optional.of(TASKS_READ);
			case PLAN_WRITE -> Optional.of(PLAN_READ);
			default -> Optional.empty();
		};
	}

	/**
	 * The granted scopes plus every scope they imply; unknown values are kept as they
	 * are.
	 */
	public static Set<String> expand(Collection<String> granted) {
		Set<String> expanded = new LinkedHashSet<>(granted);
		for (String value : granted) {
			of(value).flatMap(Scopes::implied).ifPresent((implied) -> expanded.add(implied.value));
		}
		return expanded;
	}

	/** Whether the granted scopes (with what they imply) cover the required one. */
	public static boolean satisfies(Collection<String> granted, Scopes required) {
		return expand(granted).contains(required.value);
	}

	/** Space-delimited, as in an OAuth {@code scope} parameter. */
	public static String join(Collection<String> scopes) {
		return scopes.stream().collect(Collectors.joining(" "));
	}

}
