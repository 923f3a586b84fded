package com.defernowork.gateway.mcp.archfixture.layered.top;

import com.defernowork.gateway.mcp.archfixture.layered.bottom.Bottom;

/**
 * Depends on {@code bottom}, which does not depend back: no cycle, for
 * {@code PackageCycleRuleTests}.
 */
public class Top {

	public Bottom bottom() {
		return new Bottom();
	}

}
