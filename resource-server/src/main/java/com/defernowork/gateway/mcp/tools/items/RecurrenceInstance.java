package com.defernowork.gateway.mcp.tools.items;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.text.Quotes;

/**
 * The instance of its series a recurring task is, as Deferno names it: its original local
 * start ({@code recurrence_id}, RFC 5545's RECURRENCE-ID), which an update for it with
 * recurring_scope 'this' or 'following' sends. Each instance is an item of its own, so
 * the task read is the only instance a call to it can name.
 *
 * @param value the task's recurrence_id as Deferno answered it; null when it answered
 * none (nothing to check a sent one against)
 */
record RecurrenceInstance(String value) {

	static RecurrenceInstance of(JsonNode task) {
		JsonNode id = task.get("recurrence_id");
		return new RecurrenceInstance((id != null && id.isString() && !id.stringValue().isBlank())
				? Quotes.atMost(id.stringValue(), Quotes.SHORT) : null);
	}

	/**
	 * Whether {@code sent} names this instance: the same local start, seconds written or
	 * not; true when Deferno named none or wrote it in a form not read here.
	 */
	boolean is(String sent) {
		if (this.value == null) {
			return true;
		}
		try {
			return LocalDateTime.parse(this.value).equals(LocalDateTime.parse(sent));
		}
		catch (DateTimeParseException ex) {
			return true;
		}
	}

	/**
	 * Ends "also needs recurrence_id, the instance's local start": its value, or the
	 * form.
	 */
	String orFormat() {
		return (this.value != null) ? "(this task's is '" + this.value + "'; send recurrence_id '" + this.value + "')"
				: "(YYYY-MM-DDTHH:MM:SS)";
	}

	/**
	 * The sentence a refusal asking for recurring_scope ends with, when there is a value.
	 */
	String toSend() {
		return (this.value != null) ? " With 'this' or 'following', send recurrence_id '" + this.value
				+ "' too (this instance's local start)." : "";
	}

}
