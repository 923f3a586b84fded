package com.defernowork.gateway.auth.upstream;

import com.defernowork.gateway.auth.user.DefernoUser;
import com.defernowork.gateway.auth.vault.DefernoCredential;

/** What a connector learned at the callback: who signed in, and that person's Deferno API token. */
record UpstreamSignIn(DefernoUser user, DefernoCredential credential) {

}
