package io.agentmemory.engine.extraction;

import io.agentmemory.engine.EngineJson;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Relative times in a text ("yesterday", "last week", "next month", "in two weeks", "on Saturday", "the 21st of
 * next month") resolved against the time the text was said, so that a question about when something happened can
 * be answered long after "yesterday" stopped meaning that day. Two readings of the same words:
 * <ul>
 * <li>{@link #dateOf}: the one time a statement is about, as precisely as the words are: a day
 * ({@code 2025-06-21}), a month ({@code 2025-06}) or a year ({@code 2025}); it reads the tense, so a bare month or
 * weekday is the next one for a plan and the last one for something that already happened ("I left in March").
 * Recurring times ("on Mondays", "every August") and vague ones ("someday", "soon") resolve to nothing. The
 * extractor appends it to a fact.</li>
 * <li>{@link #phrasesIn}: every relative phrase of the text with the day, or first and last day, it stands for,
 * kept beside a stored memory. Weeks run Monday to Sunday; "last Friday" is the latest Friday before the day,
 * "next Friday" the first after it; "last weekend" the weekend of the week before. A bare weekday ("on Friday"),
 * which needs the tense, is left out.</li>
 * </ul>
 */
public final class RelativeDates {

    /** A phrase of the text and the day, or the first and last day, it stands for. */
    public record ResolvedDate(String phrase, LocalDate from, LocalDate to) {

        /** The JSON form kept beside the memory: {@code {"phrase","date"}} or {@code {"phrase","from","to"}}. */
        public Map<String, String> asMap() {
            return from.equals(to) ? Map.of("phrase", phrase, "date", from.toString())
                    : Map.of("phrase", phrase, "from", from.toString(), "to", to.toString());
        }
    }

    private static final String MONTH = "(January|February|March|April|May|June|July|August|September|October|November|December"
            + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)";
    private static final String WEEKDAY = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
    private static final String COUNT_WORDS = "an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few|\\d{1,3}";
    private static final String COUNT = "(" + COUNT_WORDS + ")";
    private static final Map<String, Integer> COUNTS = Map.ofEntries(
            Map.entry("a", 1), Map.entry("an", 1), Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3),
            Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8),
            Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11), Map.entry("twelve", 12),
            Map.entry("a couple of", 2), Map.entry("a few", 3));

    /** The phrases {@link #phrasesIn} resolves: each alternative is one kind of phrase, told apart by its group. */
    private static final Pattern PHRASE = Pattern.compile(
            "\\b(?:(the day before yesterday)|(the day after tomorrow)|(yesterday|last night)|(today|tonight|this (?:morning|afternoon|evening))"
                    + "|(tomorrow)|(last|this past|next|this coming) " + WEEKDAY
                    + "|(last|this|next) (weekend|week|month|year)"
                    + "|" + COUNT + " (day|week|fortnight|month|year)s? ago|in " + COUNT + " (day|week|fortnight|month|year)s?)\\b",
            Pattern.CASE_INSENSITIVE);

    /** A statement about the past: a bare month or weekday in it is the last one, not the next. */
    private static final Pattern PAST = Pattern.compile(
            "\\b(?:was|were|did|had|ago|since|used to|went|left|got|broke|bought|sold|came|took|met|made|grew|began"
                    + "|became|saw|flew|ate|quit|passed"
                    + "|(?<!getting )(?<!get )(?<!be )(?<!is )(?<!are )(?<!am )(?<!been )(?<!being )"
                    + "(?!(?:need|feed|bleed|breed|speed|proceed|succeed|exceed)\\b)[a-z]{2,}ed)\\b",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern DAY_MONTH = Pattern.compile(
            "\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + "\\b(?:,?\\s+(\\d{4}))?");
    private static final Pattern MONTH_DAY = Pattern.compile(
            "\\b" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?");
    private static final Pattern ORDINAL_OF_NEXT_MONTH = Pattern.compile(
            "\\bthe\\s+(\\d{1,2})(?:st|nd|rd|th)\\s+of\\s+next\\s+month\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern ORDINAL = Pattern.compile(
            "\\bthe\\s+(\\d{1,2})(?:st|nd|rd|th)\\b(?!\\s+(?:floor|century|birthday|anniversary|time|place|row|street|grade|edition|percentile))"
                    + "(?!\\s+of\\s+(?:next\\s+month|" + MONTH.substring(1, MONTH.length() - 1) + "))",
            Pattern.CASE_INSENSITIVE);
    /** "every August", "the first Monday of the month": a habit, not a date. */
    private static final Pattern RECURRING = Pattern.compile(
            "\\b(?:every|each|first|second|third|fourth)\\s+(?:" + MONTH.substring(1, MONTH.length() - 1) + "|"
                    + WEEKDAY.substring(1, WEEKDAY.length() - 1) + ")\\b");
    private static final Pattern DAY_WORD = Pattern.compile("\\b(yesterday|tomorrow)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern IN_COUNT = Pattern.compile(
            "\\bin\\s+" + COUNT + "\\s+(day|week|month|year)s?\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern COUNT_AGO = Pattern.compile(
            "\\b" + COUNT + "\\s+(day|week|month|year)s?\\s+ago\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern END_OF = Pattern.compile(
            "\\bend\\s+of\\s+(this|next|the)\\s+(month|year)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern RELATIVE_UNIT = Pattern.compile(
            "\\b(last|next|this)\\s+(week|month|year)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SEASON = Pattern.compile(
            "\\b(last|next|this)\\s+(spring|summer|autumn|fall|winter)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUALIFIED_MONTH = Pattern.compile("\\b(?:(last|next|this)\\s+)?" + MONTH + "\\b");
    private static final Pattern QUALIFIED_WEEKDAY = Pattern.compile(
            "\\b(?:(last|next|this|on)\\s+)?" + WEEKDAY + "\\b(?!s)");
    private static final Pattern CHRISTMAS = Pattern.compile("\\b(?:for|at|over|by)\\s+Christmas\\b");

    private RelativeDates() {
    }

    /** The one time the statement is about, as a day, month or year, resolved against the day it was said. */
    public static Optional<String> dateOf(String said, LocalDate today) {
        String text = RECURRING.matcher(said).replaceAll(" ");
        boolean past = PAST.matcher(text).find();
        // Every expression found competes: the most precise wins ("in August" over "this year"), then the first.
        Candidate best = null;
        for (Candidate candidate : candidates(text, today, past)) {
            if (candidate != null && (best == null || candidate.precision() > best.precision()
                    || (candidate.precision() == best.precision() && candidate.position() < best.position()))) {
                best = candidate;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.date());
    }

    private record Candidate(String date, int position) {
        int precision() {
            return date.length();
        }
    }

    /** The resolved phrases as the JSON array kept beside the memory. */
    public static String json(String text, Instant observedAt) {
        return EngineJson.write(phrasesIn(text, observedAt).stream().map(ResolvedDate::asMap).toList());
    }

    /** Every relative phrase of the text, in order, resolved against the day (UTC) of {@code observedAt}. */
    public static List<ResolvedDate> phrasesIn(String text, Instant observedAt) {
        LocalDate day = observedAt.atOffset(ZoneOffset.UTC).toLocalDate();
        List<ResolvedDate> dates = new ArrayList<>();
        Matcher m = PHRASE.matcher(text);
        while (m.find()) {
            dates.add(phrase(m, day));
        }
        return dates;
    }

    private static ResolvedDate phrase(Matcher m, LocalDate day) {
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
            int shift = step(m.group(8));
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
        boolean ago = m.group(10) != null;
        return single(phrase, shiftedDay(day, ago ? -count(m.group(10)) : count(m.group(12)), ago ? m.group(11) : m.group(13)));
    }

    private static ResolvedDate single(String phrase, LocalDate date) {
        return new ResolvedDate(phrase, date, date);
    }

    private static LocalDate shiftedDay(LocalDate day, int count, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "day" -> day.plusDays(count);
            case "week" -> day.plusWeeks(count);
            case "fortnight" -> day.plusWeeks(2L * count);
            case "month" -> day.plusMonths(count);
            default -> day.plusYears(count);
        };
    }

    private static java.util.List<Candidate> candidates(String text, LocalDate today, boolean past) {
        java.util.List<Candidate> found = new java.util.ArrayList<>();
        Matcher m;
        if ((m = DAY_MONTH.matcher(text)).find()) {
            found.add(new Candidate(dayOfMonth(Integer.parseInt(m.group(1)), month(m.group(2)), m.group(3), text, today, past), m.start()));
        }
        if ((m = MONTH_DAY.matcher(text)).find() && !(m.group(1).equals("May") && m.start() == 0)) {
            found.add(new Candidate(dayOfMonth(Integer.parseInt(m.group(2)), month(m.group(1)), m.group(3), text, today, past), m.start()));
        }
        if ((m = ORDINAL_OF_NEXT_MONTH.matcher(text)).find()) {
            YearMonth next = YearMonth.from(today).plusMonths(1);
            found.add(new Candidate(next.atDay(Math.min(Integer.parseInt(m.group(1)), next.lengthOfMonth())).toString(), m.start()));
        }
        if ((m = DAY_WORD.matcher(text)).find()) {
            found.add(new Candidate(today.plusDays(m.group(1).equalsIgnoreCase("tomorrow") ? 1 : -1).toString(), m.start()));
        }
        if ((m = IN_COUNT.matcher(text)).find()) {
            found.add(new Candidate(shifted(today, count(m.group(1)), m.group(2)), m.start()));
        }
        if ((m = COUNT_AGO.matcher(text)).find()) {
            found.add(new Candidate(shifted(today, -count(m.group(1)), m.group(2)), m.start()));
        }
        if ((m = END_OF.matcher(text)).find()) {
            boolean next = m.group(1).equalsIgnoreCase("next");
            String date = m.group(2).equalsIgnoreCase("month")
                    ? YearMonth.from(today).plusMonths(next ? 1 : 0).atEndOfMonth().toString()
                    : YearMonth.of(today.getYear() + (next ? 1 : 0), 12).toString();
            found.add(new Candidate(date, m.start()));
        }
        if ((m = ORDINAL.matcher(text)).find()) {
            int day = Integer.parseInt(m.group(1));
            // "booked a class for the 3rd": the booking is past, the day it is for is not.
            boolean forADay = text.substring(0, m.start()).matches("(?is).*\\bfor\\s*$");
            if (day >= 1 && day <= 31) {
                found.add(new Candidate(nextDayOfMonth(day, today, past && !forADay).toString(), m.start()));
            }
        }
        if ((m = RELATIVE_UNIT.matcher(text)).find()) {
            int step = step(m.group(1));
            found.add(new Candidate(switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "week" -> YearMonth.from(today.plusWeeks(step)).toString();
                case "month" -> YearMonth.from(today).plusMonths(step).toString();
                default -> String.valueOf(today.getYear() + step);
            }, m.start()));
        }
        if ((m = SEASON.matcher(text)).find()) {
            found.add(new Candidate(String.valueOf(seasonYear(m.group(1), m.group(2), today)), m.start()));
        }
        m = QUALIFIED_MONTH.matcher(text);
        while (m.find()) {
            if (!isModalMay(m)) {
                found.add(new Candidate(monthOccurrence(m.group(1), month(m.group(2)), today, past).toString(), m.start()));
                break;
            }
        }
        if ((m = QUALIFIED_WEEKDAY.matcher(text)).find()) {
            found.add(new Candidate(weekday(m.group(1), DayOfWeek.valueOf(m.group(2).toUpperCase(Locale.ROOT)), today, past).toString(), m.start()));
        }
        if ((m = CHRISTMAS.matcher(text)).find()) {
            LocalDate christmas = LocalDate.of(today.getYear(), 12, 25);
            found.add(new Candidate(YearMonth.from(today.isAfter(christmas) ? christmas.plusYears(1) : christmas).toString(), m.start()));
        }
        return found;
    }

    private static String dayOfMonth(int day, Month month, String year, String text, LocalDate today, boolean past) {
        if (year != null) {
            return safeDate(Integer.parseInt(year), month, day).toString();
        }
        if (text.toLowerCase(Locale.ROOT).matches(".*\\bnext year\\b.*")) {
            return safeDate(today.getYear() + 1, month, day).toString();
        }
        LocalDate thisYear = safeDate(today.getYear(), month, day);
        if (past) {
            return (thisYear.isAfter(today) ? thisYear.minusYears(1) : thisYear).toString();
        }
        return (thisYear.isBefore(today) ? safeDate(today.getYear() + 1, month, day) : thisYear).toString();
    }

    private static LocalDate safeDate(int year, Month month, int day) {
        YearMonth yearMonth = YearMonth.of(year, month);
        return yearMonth.atDay(Math.max(1, Math.min(day, yearMonth.lengthOfMonth())));
    }

    private static LocalDate nextDayOfMonth(int day, LocalDate today, boolean past) {
        YearMonth month = YearMonth.from(today);
        LocalDate candidate = month.atDay(Math.min(day, month.lengthOfMonth()));
        if (past) {
            return candidate.isAfter(today) ? safeDate(month.minusMonths(1).getYear(), month.minusMonths(1).getMonth(), day) : candidate;
        }
        if (!candidate.isAfter(today)) {
            YearMonth next = month.plusMonths(1);
            return next.atDay(Math.min(day, next.lengthOfMonth()));
        }
        return candidate;
    }

    private static String shifted(LocalDate today, int amount, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "day", "week" -> today.plus(amount, unit.equalsIgnoreCase("day") ? ChronoUnit.DAYS : ChronoUnit.WEEKS).toString();
            case "month" -> YearMonth.from(today).plusMonths(amount).toString();
            default -> String.valueOf(today.getYear() + amount);
        };
    }

    private static int seasonYear(String qualifier, String season, LocalDate today) {
        // A season is counted by the month it ends in: winter ends in February of the next year.
        int endMonth = switch (season.toLowerCase(Locale.ROOT)) {
            case "spring" -> 5;
            case "summer" -> 8;
            case "autumn", "fall" -> 11;
            default -> 2;
        };
        int year = today.getYear();
        boolean endedThisYear = today.getMonthValue() > endMonth;
        return switch (qualifier.toLowerCase(Locale.ROOT)) {
            case "last" -> endedThisYear ? year : year - 1;
            case "next" -> endedThisYear ? year + 1 : (today.getMonthValue() >= endMonth - 2 ? year + 1 : year);
            default -> year;
        };
    }

    private static YearMonth monthOccurrence(String qualifier, Month month, LocalDate today, boolean past) {
        YearMonth current = YearMonth.from(today);
        YearMonth thisYear = YearMonth.of(today.getYear(), month);
        String which = qualifier == null ? (past ? "last-or-this" : "next-or-this") : qualifier.toLowerCase(Locale.ROOT);
        return switch (which) {
            case "last" -> thisYear.isBefore(current) ? thisYear : thisYear.minusYears(1);
            case "next" -> thisYear.isAfter(current) ? thisYear : thisYear.plusYears(1);
            case "last-or-this" -> thisYear.isAfter(current) ? thisYear.minusYears(1) : thisYear;
            case "this" -> thisYear;
            default -> thisYear.isBefore(current) ? thisYear.plusYears(1) : thisYear;
        };
    }

    private static LocalDate weekday(String qualifier, DayOfWeek day, LocalDate today, boolean past) {
        if ("last".equalsIgnoreCase(qualifier) || (past && !"next".equalsIgnoreCase(qualifier))) {
            return today.with(TemporalAdjusters.previous(day));
        }
        LocalDate next = today.with(TemporalAdjusters.next(day));
        return "next".equalsIgnoreCase(qualifier) && next.isBefore(today.plusDays(2)) ? next.plusWeeks(1) : next;
    }

    /** "May" the month, not "I may move": the month is capitalised away from the sentence start. */
    private static boolean isModalMay(Matcher m) {
        return m.group(2).equals("May") && m.group(1) == null && m.start(2) == 0;
    }

    private static Month month(String name) {
        String prefix = name.substring(0, 3).toUpperCase(Locale.ROOT);
        for (Month month : Month.values()) {
            if (month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT).startsWith(prefix)) {
                return month;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static int count(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return COUNTS.containsKey(lower) ? COUNTS.get(lower) : Integer.parseInt(lower);
    }

    private static int step(String qualifier) {
        return switch (qualifier.toLowerCase(Locale.ROOT)) {
            case "last" -> -1;
            case "next" -> 1;
            default -> 0;
        };
    }
}
