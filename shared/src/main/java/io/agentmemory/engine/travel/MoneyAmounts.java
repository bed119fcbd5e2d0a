package io.agentmemory.engine.travel;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amounts of money as people write them: {@code $3000}, {@code 2,000 EUR}, {@code €1.500}, {@code USD 250},
 * {@code 1,500.50 dollars}, {@code 3k EUR}. A separator followed by exactly three digits groups thousands
 * (both "2,000" and the European "1.500"); one or two digits after the last separator are decimals.
 */
final class MoneyAmounts {

    record Amount(BigDecimal value, String currency) {
    }

    private static final String NUMBER = "(\\d{1,3}(?:[.,\\u00a0 ]\\d{3})+|\\d+)(?:[.,](\\d{1,2}))?(?!\\d)\\s?([kK])?";
    private static final Map<String, String> SYMBOLS = Map.of("$", "USD", "€", "EUR", "£", "GBP", "¥", "JPY");
    private static final Map<String, String> WORDS = Map.of("euro", "EUR", "euros", "EUR", "dollar", "USD",
            "dollars", "USD", "pound", "GBP", "pounds", "GBP", "yen", "JPY");
    private static final String CODES = "EUR|USD|GBP|JPY|CHF|AUD|CAD|NZD|SEK|NOK|DKK";

    private static final Pattern SYMBOL_FIRST = Pattern.compile("([$€£¥])\\s?" + NUMBER);
    private static final Pattern CODE_FIRST = Pattern.compile("\\b(" + CODES + ")\\s?" + NUMBER, Pattern.CASE_INSENSITIVE);
    private static final Pattern CODE_AFTER = Pattern.compile("(?<![$€£¥\\d.,])" + NUMBER + "\\s?(" + CODES
            + "|euros?|dollars?|pounds?|yen)\\b", Pattern.CASE_INSENSITIVE);

    private MoneyAmounts() {
    }

    static List<Amount> in(String text) {
        List<Amount> amounts = new ArrayList<>();
        Matcher m = SYMBOL_FIRST.matcher(text);
        while (m.find()) {
            amounts.add(new Amount(value(m.group(2), m.group(3), m.group(4)), SYMBOLS.get(m.group(1))));
        }
        m = CODE_FIRST.matcher(text);
        while (m.find()) {
            amounts.add(new Amount(value(m.group(2), m.group(3), m.group(4)), m.group(1).toUpperCase(Locale.ROOT)));
        }
        m = CODE_AFTER.matcher(text);
        while (m.find()) {
            String unit = m.group(4).toLowerCase(Locale.ROOT);
            amounts.add(new Amount(value(m.group(1), m.group(2), m.group(3)),
                    WORDS.getOrDefault(unit, unit.toUpperCase(Locale.ROOT))));
        }
        return amounts;
    }

    private static BigDecimal value(String whole, String decimals, String thousands) {
        BigDecimal value = new BigDecimal(whole.replaceAll("[.,\\u00a0 ]", "") + (decimals == null ? "" : "." + decimals));
        return thousands == null ? value : value.multiply(BigDecimal.valueOf(1000));
    }
}
