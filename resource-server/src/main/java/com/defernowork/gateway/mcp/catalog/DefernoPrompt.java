package com.defernowork.gateway.mcp.catalog;

import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema.Prompt;

/**
 * A prompt as both protocol eras serve it: its definition ({@code prompts/list}) and the
 * text of the one user message it expands to. A prompt reads no data and needs no scope:
 * it tells the model which tools to call, and those calls are checked as any other.
 *
 * @param definition the prompt as {@code prompts/list} shows it
 * @param text writes the message from checked arguments
 */
public record DefernoPrompt(Prompt definition, Text text) {

	public String name() {
		return this.definition.name();
	}

	/**
	 * The user message for a {@code prompts/get}.
	 * @throws PromptArgumentException when the arguments do not fit the definition
	 */
	public String render(Map<String, String> arguments) {
		return this.text.apply(PromptArguments.check(this.definition, arguments));
	}

	/** Writes a prompt's message. */
	@FunctionalInterface
	public interface Text {

		String apply(PromptArguments arguments);

	}

}
