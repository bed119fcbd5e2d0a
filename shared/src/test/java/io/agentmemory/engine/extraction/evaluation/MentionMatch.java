package io.agentmemory.engine.extraction.evaluation;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a kept fact is an expected one: every {@code mustMention} entry matches, an entry matching when one
 * of its '|'-separated alternatives starts at the beginning of a word of the fact (case-insensitive; an
 * alternative may span several words): "allerg" matches "Is allergic to peanuts", "son" does not match "Mason".
 */
public final class MentionMatch {

    private MentionMatch() {
    }

    public static boolean matches(String fact, List<String> mustMention) {
        for (String entry : mustMention) {
            boolean any = false;
            for (String alternative : entry.split("\\|")) {
                if (startsAWord(fact, alternative.strip())) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsAWord(String fact, String alternative) {
        if (alternative.isEmpty()) {
            return true;
        }
        Pattern pattern = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(alternative.toLowerCase(Locale.ROOT)));
        return pattern.matcher(fact.toLowerCase(Locale.ROOT)).find();
    }
}
