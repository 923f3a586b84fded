package com.defernowork.gateway.mcp.tools.tasks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The handler's own refusals, for an operation that reached it past the schema: no HTTP
 * is involved, parsing a ref needs none.
 */
class BatchOperationTests {

	private final RefResolver refs = new RefResolver(null);

	@Test
	void readWhenAFieldBelongsToTheOtherOperationThenNamedAsSuch() {
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> read(Map.of("op", "update", "task_id", "#5", "position", 0)))
			.withMessageStartingWith("operations[0].position belongs to a move, not an update (an update takes: op, "
					+ "task_id, title, description");
		Map<String, Object> move = new HashMap<>(Map.of("op", "move", "task_id", "#5", "status", "done"));
		move.put("new_parent_id", null);
		assertThatExceptionOfType(ToolArgumentException.class).isThrownBy(() -> read(move))
			.withMessage("operations[0].status belongs to an update, not a move (a move takes: op, task_id, "
					+ "new_parent_id, position)");
	}

	@Test
	void readWhenAFieldIsUnknownOrMissingThenRefusedNamingIt() {
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> read(Map.of("op", "update", "task_id", "#5", "titel", "x")))
			.withMessageStartingWith("operations[0].titel is not a field of an update");
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> read(Map.of("op", "update", "task_id", "#5")))
			.withMessageStartingWith("operations[0]: an update needs at least one field to change");
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> read(Map.of("op", "move", "task_id", "#5")))
			.withMessageStartingWith("operations[0].new_parent_id is required for a move");
	}

	private BatchOperation read(Map<String, Object> operation) {
		return BatchOperation.read(
				new ToolArguments(Map.of("operations", List.of(operation))).optionalElements("operations").get(0),
				this.refs);
	}

}
