package com.defernowork.gateway.mcp.tools.items;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;

/**
 * The parent a move names, as move_item and batch_tasks' moves check it once both refs
 * are resolved.
 */
public final class NewParent {

	private NewParent() {
	}

	/**
	 * Refuses a parent that is the item itself: Deferno would call the item its own
	 * descendant.
	 * @param argument the parent's argument, as the agent named it
	 * ({@code operations[0].new_parent_id})
	 */
	public static void refuseItself(String argument, String itemId, String parentId) {
		if (itemId.equals(parentId)) {
			throw new ToolArgumentException(argument + " names the item itself: an item cannot be its own parent");
		}
	}

}
