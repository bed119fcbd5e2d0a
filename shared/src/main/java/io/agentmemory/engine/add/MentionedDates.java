package io.agentmemory.engine.add;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Relative dates in a text ("yesterday", "last Friday", "two weeks ago", "next month") resolved against the time the
 * text was said, so that a question about when something happened can be answered from the stored memory long after
 * "yesterday" stopped meaning that day. Weeks run Monday to Sunday; "last Friday" is the latest Friday before the
 * day, "next Friday" the first after it; "last weekend" the weekend of the week before. What cannot be resolved
 * without reading the sentence's tense ("on Friday") is left alone.
 */
public final class MentionedDates {

    /** A phrase of the text and the day, or the first and last day, it stands for. */
    public record ResolvedDate(String phrase, LocalDate from, LocalDate to) {

        /** The JSON form kept beside the memory: {@code {"phrase","date"}} or {@code {"phrase","from","to"}}. */
        public Map<String, String> asMap() {
            return from.equals(to) ? Map.of("phrase", phrase, "date", from.toString())
                    : Map.of("phrase", phrase, "from", from.toString(), "to", to.toString());
        }
    }

    private static final String WEEKDAY = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";
    private static final String COUNT = "an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few|\\d{1,3}";
    private static final Pattern PHRASE = Pattern.compile(
            "\\b(?:(the day before yesterday)|(the day after tomorrow)|(yesterday|last night)|(today|tonight|this (?:morning|afternoon|evening))"
                    + "|(tomorrow)|(last|this past|next|this coming) (" + WEEKDAY + ")"
                    + "|(last|this|next) (weekend|week|month|year)"
                    + "|(" + COUNT + ") (day|week|fortnight|month|year)s? ago|in (" + COUNT + ") (day|week|fortnight|month|year)s?)\\b",
            Pattern.CASE_INSENSITIVE);

    private MentionedDates() {
    }

    /** The resolved dates as the JSON array kept beside the memory. */
    public static String json(String text, Instant observedAt) {
        return io.agentmemory.engine.EngineJson.write(resolve(text, observedAt).stream().map(ResolvedDate::asMap).toList());
    }

    /** Every relative date of the text, in order, resolved against the day (UTC) of {@code observedAt}. */
    public static List<ResolvedDate> resolve(String text, Instant observedAt) {
        LocalDate day = observedAt.atOffset(ZoneOffset.UTC).toLocalDate();
        List<ResolvedDate> dates = new ArrayList<>();
        Matcher m = PHRASE.matcher(text);
        while (m.find()) {
            ResolvedDate resolved = resolve(m, day);
            if (resolved != null) {
                dates.add(resolved);
            }
        }
        return dates;
    }

    private static ResolvedDate resolve(Matcher m, LocalDate day) {
        String phrase = m.group();
        if (m.group(1) != null) {
            return single(phrase, day.minusDays(2));
        }
        if (m.group(2) != null) {
            return single(phrase, day.plusDays(2));
        }
        if (m.group(3) != null) {
            return single(phrase, day.minusDays(1));
        }
        if (m.group(4) != null) {
            return single(phrase, day);
        }
        if (m.group(5) != null) {
            return single(phrase, day.plusDays(1));
        }
        if (m.group(6) != null) {
            DayOfWeek weekday = DayOfWeek.valueOf(m.group(7).toUpperCase(Locale.ROOT));
            String direction = m.group(6).toLowerCase(Locale.ROOT);
            return single(phrase, direction.startsWith("next") || direction.equals("this coming")
                    ? day.with(TemporalAdjusters.next(weekday)) : day.with(TemporalAdjusters.previous(weekday)));
        }
        if (m.group(8) != null) {
            int shift = switch (m.group(8).toLowerCase(Locale.ROOT)) {
                case "last" -> -1;
                case "next" -> 1;
                default -> 0;
            };
            return switch (m.group(9).toLowerCase(Locale.ROOT)) {
                case "weekend" -> {
                    LocalDate saturday = day.with(DayOfWeek.MONDAY).plusWeeks(shift).plusDays(5);
                    yield new ResolvedDate(phrase, saturday, saturday.plusDays(1));
                }
                case "week" -> {
                    LocalDate monday = day.with(DayOfWeek.MONDAY).plusWeeks(shift);
                    yield new ResolvedDate(phrase, monday, monday.plusDays(6));
                }
                case "month" -> {
                    YearMonth month = YearMonth.from(day).plusMonths(shift);
                    yield new ResolvedDate(phrase, month.atDay(1), month.atEndOfMonth());
                }
                default -> {
                    int year = day.getYear() + shift;
                    yield new ResolvedDate(phrase, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
                }
            };
        }
        if (m.group(10) != null) {
            return single(phrase, shifted(day, -count(m.group(10)), m.group(11)));
        }
        if (m.group(12) != null) {
            return single(phrase, shifted(day, count(m.group(12)), m.group(13)));
        }
        return null;
    }

    private static ResolvedDate single(String phrase, LocalDate date) {
        return new ResolvedDate(phrase, date, date);
    }

    private static LocalDate shifted(LocalDate day, int count, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "day" -> day.plusDays(count);
            case "week" -> day.plusWeeks(count);
            case "fortnight" -> day.plusWeeks(2L * count);
            case "month" -> day.plusMonths(count);
            default -> day.plusYears(count);
        };
    }

    private static int count(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(w);
        }
        return switch (w) {
            case "a", "an", "one" -> 1;
            case "two", "a couple of" -> 2;
            case "three", "a few" -> 3;
            case "four" -> 4;
            case "five" -> 5;
            case "six" -> 6;
            case "seven" -> 7;
            case "eight" -> 8;
            case "nine" -> 9;
            case "ten" -> 10;
            case "eleven" -> 11;
            default -> 12;
        };
    }
}
