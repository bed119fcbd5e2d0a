package io.agentmemory.engine.travel;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Place names found in memories: countries, regions and the cities travellers name most. A closed list is
 * predictable (no "Prefers" recognised as a place); extend it here.
 */
final class Destinations {

    private static final List<String> NAMES = List.of(
            "Japan", "Italy", "France", "Spain", "Portugal", "Greece", "Germany", "Austria", "Switzerland",
            "Netherlands", "Belgium", "Ireland", "Scotland", "England", "United Kingdom", "Iceland", "Norway",
            "Sweden", "Denmark", "Finland", "Croatia", "Turkey", "Morocco", "Egypt", "Kenya", "Tanzania",
            "South Africa", "United States", "USA", "Canada", "Mexico", "Peru", "Brazil", "Argentina", "Chile",
            "Colombia", "Costa Rica", "Cuba", "Thailand", "Vietnam", "Cambodia", "Indonesia", "Bali", "Malaysia",
            "Singapore", "Philippines", "China", "South Korea", "Korea", "India", "Sri Lanka", "Nepal", "Maldives",
            "Australia", "New Zealand", "Fiji", "Hawaii", "Dubai", "Israel", "Jordan", "Poland", "Czech Republic",
            "Hungary", "Tuscany", "Sicily", "Provence", "Andalusia", "Patagonia", "the Alps", "Alps",
            "Tokyo", "Kyoto", "Osaka", "Rome", "Florence", "Venice", "Milan", "Naples", "Paris", "Nice", "Lyon",
            "Barcelona", "Madrid", "Seville", "Lisbon", "Porto", "Athens", "Santorini", "Berlin", "Munich",
            "Vienna", "Zurich", "Amsterdam", "Brussels", "Dublin", "London", "Edinburgh", "Reykjavik", "Oslo",
            "Stockholm", "Copenhagen", "Prague", "Budapest", "Krakow", "Istanbul", "Marrakech", "Cairo",
            "Cape Town", "New York", "San Francisco", "Los Angeles", "Chicago", "Miami", "Boston", "Seattle",
            "Vancouver", "Toronto", "Montreal", "Mexico City", "Cancun", "Lima", "Cusco", "Rio de Janeiro",
            "Buenos Aires", "Bangkok", "Hanoi", "Ho Chi Minh City", "Seoul", "Beijing", "Shanghai", "Hong Kong",
            "Sydney", "Melbourne", "Auckland");

    /** Longest names first, so "Mexico City" is found before "Mexico" can claim part of it. */
    private static final List<Pattern> PATTERNS = NAMES.stream()
            .sorted(java.util.Comparator.comparingInt(String::length).reversed())
            .map(name -> Pattern.compile("\\b" + Pattern.quote(name) + "\\b"))
            .toList();

    private Destinations() {
    }

    /** Every place named in the text, in order of appearance, each once. */
    static List<String> in(String text) {
        StringBuilder remaining = new StringBuilder(text);
        java.util.TreeMap<Integer, String> byPosition = new java.util.TreeMap<>();
        for (Pattern pattern : PATTERNS) {
            Matcher m = pattern.matcher(remaining);
            while (m.find()) {
                byPosition.put(m.start(), canonical(m.group()));
                for (int i = m.start(); i < m.end(); i++) {
                    remaining.setCharAt(i, ' ');
                }
            }
        }
        return byPosition.values().stream().distinct().toList();
    }

    /** One alternation of every name: a search hit's flag costs one regular expression, not one per place. */
    private static final Pattern ANY = Pattern.compile(NAMES.stream()
            .sorted(java.util.Comparator.comparingInt(String::length).reversed())
            .map(Pattern::quote)
            .collect(java.util.stream.Collectors.joining("|", "\\b(?:", ")\\b")));

    static boolean any(String text) {
        return ANY.matcher(text).find();
    }

    private static String canonical(String name) {
        return switch (name) {
            case "USA" -> "United States";
            case "Korea" -> "South Korea";
            case "the Alps" -> "Alps";
            default -> name;
        };
    }
}
