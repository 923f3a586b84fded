package com.defernowork.gateway.mcp.archfixture.cycle.left;

import com.defernowork.gateway.mcp.archfixture.cycle.right.Right;

/** Half of a deliberate package cycle for {@code PackageCycleRuleTests}. */
public class Left {

	public Right right() {
		return new Right();
	}

}
