package com.defernowork.gateway.mcp.archfixture.cycle.right;

import com.defernowork.gateway.mcp.archfixture.cycle.left.Left;

/** The other half of a deliberate package cycle for {@code PackageCycleRuleTests}. */
public class Right {

	public Left left() {
		return new Left();
	}

}
