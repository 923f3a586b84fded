package com.defernowork.gateway.mcp.archfixture.layered.bottom;

/** The lower package of an acyclic pair for {@code PackageCycleRuleTests}. */
public class Bottom {

}
