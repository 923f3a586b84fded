package com.defernowork.gateway.auth.config;

import java.util.Set;

/**
 * What a client's name or URI must not hold: characters a person does not see as they
 * are, so that two names that read the same would be two names. Registration refuses
 * them; a page treats a name stored before a character joined the list as no name.
 */
public final class InvisibleCharacters {

	/**
	 * Letters and symbols that show as nothing (Hangul fillers, the blank Braille
	 * pattern): a name of them reads as no name.
	 */
	private static final Set<Integer> BLANK_CHARACTERS = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800);

	/** The combining grapheme joiner: a mark that shows as nothing. */
	private static final int GRAPHEME_JOINER = 0x034F;

	private InvisibleCharacters() {
	}

	/**
	 * Control characters, format characters such as U+202E that reorder what a person
	 * reads, line and paragraph separators that break a line where the page has none,
	 * characters that show as nothing (two names that read the same would be two names),
	 * and a UTF-16 surrogate without its pair (a lone U+D800 escaped in JSON), which is
	 * no character at all and is written back as '?'. A zero-width joiner or non-joiner
	 * is one only where it changes nothing ({@link Joiners}): a Persian or Devanagari
	 * name, or an emoji sequence, needs it.
	 */
	public static boolean in(String value) {
		int[] codePoints = value.codePoints().toArray();
		for (int i = 0; i < codePoints.length; i++) {
			int c = codePoints[i];
			int type = Character.getType(c);
			// codePoints() leaves an unpaired surrogate as it is
			if (Character.isISOControl(c) || (type == Character.FORMAT && !isMeaningfulJoiner(codePoints, i))
					|| type == Character.SURROGATE || type == Character.LINE_SEPARATOR
					|| type == Character.PARAGRAPH_SEPARATOR || BLANK_CHARACTERS.contains(c) || c == GRAPHEME_JOINER
					|| (isVariationSelector(c) && (i == 0 || !takesVariation(codePoints[i - 1])))) {
				return true;
			}
		}
		return false;
	}

	private static boolean isMeaningfulJoiner(int[] codePoints, int i) {
		int c = codePoints[i];
		return (c == Joiners.NON_JOINER || c == Joiners.JOINER) && Joiners.meaningful(codePoints, i);
	}

	private static boolean isVariationSelector(int c) {
		return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
	}

	/**
	 * What a variation selector changes the look of: a symbol or digit (an emoji's or a
	 * keycap's form) or a Han ideograph; after anything else it shows as nothing.
	 */
	private static boolean takesVariation(int c) {
		int type = Character.getType(c);
		return type == Character.OTHER_SYMBOL || type == Character.MATH_SYMBOL || Character.isDigit(c) || c == '#'
				|| c == '*' || Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
	}

}
