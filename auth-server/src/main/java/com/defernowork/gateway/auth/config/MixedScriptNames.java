package com.defernowork.gateway.auth.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a name mixes scripts within a word, as names made to look like another's do
 * ("Сlаudе" with Cyrillic С, а and е). A reason for a warning, not a refusal: real names
 * mix scripts too (μTorrent, a brand in Arabic with "AI" after it), and a name of one
 * script can imitate as well (Cyrillic "РаураӀ"), so what the consent page shows of where
 * the person is sent back stays what counts. Words are what white space separates;
 * scripts written together, Han with Japanese kana, Bopomofo or Hangul and with Latin, do
 * not count (Unicode's highly restrictive level, UTS #39 §5.2).
 */
public final class MixedScriptNames {

	private static final List<Set<Character.UnicodeScript>> WRITTEN_TOGETHER = List.of(
			Set.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA,
					Character.UnicodeScript.KATAKANA),
			Set.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.BOPOMOFO),
			Set.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL));

	private MixedScriptNames() {
	}

	public static boolean mixesScripts(String name) {
		if (name == null) {
			return false;
		}
		for (String word : name.split("(?U)\\s+")) {
			Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
			word.codePoints()
				.mapToObj(Character.UnicodeScript::of)
				.filter((script) -> script != Character.UnicodeScript.COMMON
						&& script != Character.UnicodeScript.INHERITED)
				.forEach(scripts::add);
			if (scripts.size() > 1
					&& WRITTEN_TOGETHER.stream().noneMatch((together) -> together.containsAll(scripts))) {
				return true;
			}
		}
		return false;
	}

}
