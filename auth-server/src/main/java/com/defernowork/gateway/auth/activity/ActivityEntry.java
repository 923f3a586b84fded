package com.defernowork.gateway.auth.activity;

import java.time.Instant;

/**
 * One tool call as the person's trail keeps it.
 *
 * @param client the OAuth client id that made the call
 * @param tool the tool's name
 * @param outcome {@code ok}, {@code error} (the tool answered with an error result) or
 * {@code denied}
 * @param at when the authorization server learned of it
 * @param durationMs how long the call took at the resource server
 */
public record ActivityEntry(String client, String tool, String outcome, Instant at, long durationMs) {

}
