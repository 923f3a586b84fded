package com.defernowork.gateway.auth.storage;

import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.ScoredSets.Change;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link ScoredSets} does, in memory and on each Redis set-up. */
public abstract class ScoredSetsContract {

	/** An epoch millisecond a double holds exactly, as Redis keeps scores. */
	private static final long T = 1_764_700_000_123L;

	protected abstract ScoredSets sets();

	@Test
	void scoreWhenSetThenTheNewScoreEitherWay() {
		sets().score("k", "a", T, Change.SET);
		sets().score("k", "a", T - 5, Change.SET);
		assertThat(sets().upTo("k", Long.MAX_VALUE, 10)).containsExactly(Map.entry("a", T - 5));
		sets().score("k", "a", T + 5, Change.SET);
		assertThat(sets().highest("k")).hasValue(T + 5);
	}

	@Test
	void scoreWhenLowerThenOnlyAnEarlierScoreAndAnAbsentMemberAdded() {
		sets().score("k", "a", T, Change.LOWER);
		sets().score("k", "a", T + 1, Change.LOWER);
		assertThat(sets().highest("k")).hasValue(T);
		sets().score("k", "a", T - 1, Change.LOWER);
		assertThat(sets().highest("k")).hasValue(T - 1);
	}

	@Test
	void scoreWhenRaiseThenOnlyALaterScoreAndAnAbsentMemberAdded() {
		sets().score("k", "a", T, Change.RAISE);
		sets().score("k", "a", T - 1, Change.RAISE);
		assertThat(sets().highest("k")).hasValue(T);
		sets().score("k", "a", T + 1, Change.RAISE);
		assertThat(sets().upTo("k", Long.MAX_VALUE, 10)).containsExactly(Map.entry("a", T + 1));
	}

	@Test
	void scoreDroppingUpToThenTheOthersScoredUpToItGoAndTheMemberStaysWhateverItsScore() {
		sets().score("k", "ended", T - 10, Change.SET);
		sets().score("k", "ends-then", T, Change.SET);
		sets().score("k", "lives", T + 1, Change.SET);
		sets().score("k", "a", T + 5, Change.SET);
		sets().scoreDroppingUpTo("k", "a", T - 20, T);
		assertThat(sets().upTo("k", Long.MAX_VALUE, 10)).containsExactly(Map.entry("a", T - 20),
				Map.entry("lives", T + 1));
		sets().scoreDroppingUpTo("new", "b", T, T);
		assertThat(sets().highest("new")).hasValue(T);
	}

	@Test
	void removeWhenPresentThenTrueOnceAndTheOthersStay() {
		sets().score("k", "a", T, Change.SET);
		sets().score("k", "b", T + 1, Change.SET);
		assertThat(sets().remove("k", "b")).isTrue();
		assertThat(sets().remove("k", "b")).isFalse();
		assertThat(sets().remove("other", "a")).isFalse();
		assertThat(sets().highest("k")).hasValue(T);
	}

	@Test
	void highestWhenNoMemberThenEmpty() {
		assertThat(sets().highest("k")).isEqualTo(OptionalLong.empty());
		sets().score("k", "a", T, Change.SET);
		sets().remove("k", "a");
		assertThat(sets().highest("k")).isEqualTo(OptionalLong.empty());
	}

	@Test
	void upToWhenSeveralDueThenLowestFirstUpToTheLimitAndTheMaximumIncluded() {
		sets().score("k", "late", T + 1, Change.SET);
		sets().score("k", "second", T, Change.SET);
		sets().score("k", "first", T - 10, Change.SET);
		sets().score("k", "third", T, Change.SET);
		assertThat(sets().upTo("k", T, 10)).containsOnlyKeys("first", "second", "third");
		assertThat(sets().upTo("k", T, 2).keySet().iterator().next()).isEqualTo("first");
		assertThat(sets().upTo("k", T, 2)).hasSize(2).containsEntry("first", T - 10);
		assertThat(sets().upTo("k", T - 11, 10)).isEmpty();
		assertThat(sets().upTo("absent", T, 10)).isEmpty();
	}

	@Test
	void replaceWhenTheScoreIsStillTheExpectedOneThenMovedAndOnlyOnce() {
		sets().score("k", "a", T, Change.SET);
		assertThat(sets().replace("k", "a", T, T + 300_000)).isTrue();
		assertThat(sets().replace("k", "a", T, T + 600_000)).isFalse();
		assertThat(sets().highest("k")).hasValue(T + 300_000);
		assertThat(sets().replace("k", "missing", T, T + 1)).isFalse();
		assertThat(sets().upTo("k", Long.MAX_VALUE, 10)).containsOnlyKeys("a");
	}

	@Test
	void deleteThenNoMemberLeft() {
		sets().score("k", "a", T, Change.SET);
		sets().score("k", "b", T, Change.SET);
		sets().delete("k");
		assertThat(sets().upTo("k", Long.MAX_VALUE, 10)).isEmpty();
		sets().delete("k");
	}

}
