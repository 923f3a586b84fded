package com.defernowork.gateway.auth.user;

import java.io.Serializable;

/**
 * The person signed in through Deferno. The gateway has no accounts of its own: {@code id} is the stable
 * Deferno user id (the OAuth {@code sub}), {@code username} what the consent page shows.
 */
public record DefernoUser(String id, String username, String displayName) implements Serializable {

}
