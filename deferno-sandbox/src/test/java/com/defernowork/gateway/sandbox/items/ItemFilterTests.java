package com.defernowork.gateway.sandbox.items;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Kind;
import com.defernowork.gateway.sandbox.store.Org;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ItemFilterTests {

	static final Org ORG = new Org(UUID.randomUUID(), "acme", false);

	@Test
	void parseWhenContractExampleThenMatchesOnlyThatWindow() {
		Predicate<Item> filter = ItemFilter.parse("kind eq 'task' and status eq 'open' and complete_by ge "
				+ "2026-06-01T00:00:00Z and complete_by le 2026-06-30T23:59:59.999Z");
		assertThat(filter.test(task("open", "2026-06-10T00:00:00Z"))).isTrue();
		assertThat(filter.test(task("open", "2026-07-01T00:00:00Z"))).isFalse();
		assertThat(filter.test(task("done", "2026-06-10T00:00:00Z"))).isFalse();
		assertThat(filter.test(task("open", null))).isFalse();
	}

	@Test
	void parseWhenBareDateLiteralThenMatchesNothingLikeTheBackend() {
		assertThat(ItemFilter.parse("complete_by ge 2026-06-01").test(task("open", "2026-06-10T00:00:00Z"))).isFalse();
	}

	@Test
	void parseWhenFieldNotAllowedOrOperatorUnknownThenBadRequest() {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ItemFilter.parse("nope eq 'x'"))
			.withMessage("field 'nope' not filterable");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ItemFilter.parse("status ne 'open'"));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ItemFilter.parse("status ge 'open'"));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ItemFilter.parse("status eq open"));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ItemFilter.parse("kind"));
	}

	private static Item task(String status, String completeBy) {
		Item item = new Item(UUID.randomUUID(), ORG, 1, Kind.TASK, "t", Instant.EPOCH, UUID.randomUUID());
		item.status = status;
		item.completeBy = (completeBy != null) ? Instant.parse(completeBy) : null;
		return item;
	}

}
