package io.agentmemory.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the CloudFormation intrinsic functions a template's function settings use, against local parameter
 * values, the way {@code sam local} does before it starts a function. Functions that need a deployed stack
 * ({@code Fn::GetAtt}, {@code Fn::ImportValue}, a {@code Ref} to a resource) have no local value and raise
 * {@link UnresolvableException}, so the caller can leave that setting out and say why.
 */
public final class Intrinsics {

    /** {@code AWS::NoValue}: the property it stands in is removed. */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    /** The account and region {@code sam local} reports when no AWS profile is configured. */
    private static final Map<String, Object> PSEUDO_PARAMETERS = Map.of(
            "AWS::AccountId", "123456789012",
            "AWS::Region", "us-east-1",
            "AWS::Partition", "aws",
            "AWS::URLSuffix", "amazonaws.com",
            "AWS::StackName", "local",
            "AWS::StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/local/00000000-0000-0000-0000-000000000000");

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]+)}");

    private final Map<String, Object> parameters;
    private final Map<String, Object> conditions;

    public Intrinsics(Map<String, Object> parameters, Map<String, Object> conditions) {
        this.parameters = parameters;
        this.conditions = conditions;
    }

    public static final class UnresolvableException extends RuntimeException {
        UnresolvableException(String message) {
            super(message);
        }
    }

    /** The value of a template node with every intrinsic function evaluated; {@link #NO_VALUE} where removed. */
    public Object resolve(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String key = String.valueOf(only.getKey());
                if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) {
                    return evaluate(key, only.getValue());
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                Object v = resolve(value);
                if (v != NO_VALUE) {
                    resolved.put(String.valueOf(key), v);
                }
            });
            return resolved;
        }
        if (node instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (Object item : list) {
                Object v = resolve(item);
                if (v != NO_VALUE) {
                    resolved.add(v);
                }
            }
            return resolved;
        }
        return node;
    }

    /** A resolved scalar as the string Lambda would put in an environment variable. */
    public String resolveString(Object node) {
        return asString(resolve(node));
    }

    /** A resolved value as a string setting; a list or mapping cannot be one. */
    public static String asString(Object value) {
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            throw new UnresolvableException("expected a single value but found " + value);
        }
        return value == null ? "" : String.valueOf(value);
    }

    public boolean condition(String name) {
        if (!conditions.containsKey(name)) {
            throw new IllegalArgumentException("the template has no condition named " + name);
        }
        return truth(resolve(conditions.get(name)));
    }

    private Object evaluate(String function, Object argument) {
        return switch (function) {
            case "Ref" -> reference(String.valueOf(argument));
            case "Condition" -> condition(String.valueOf(argument));
            case "Fn::If" -> {
                List<?> args = arguments(function, argument, 3);
                yield resolve(condition(String.valueOf(args.get(0))) ? args.get(1) : args.get(2));
            }
            case "Fn::Equals" -> {
                List<?> args = arguments(function, argument, 2);
                yield String.valueOf(resolve(args.get(0))).equals(String.valueOf(resolve(args.get(1))));
            }
            case "Fn::Not" -> !truth(resolve(arguments(function, argument, 1).get(0)));
            case "Fn::And" -> arguments(function, argument, -1).stream().allMatch(a -> truth(resolve(a)));
            case "Fn::Or" -> arguments(function, argument, -1).stream().anyMatch(a -> truth(resolve(a)));
            case "Fn::Join" -> {
                List<?> args = arguments(function, argument, 2);
                Object items = resolve(args.get(1));
                if (!(items instanceof List<?> list)) {
                    throw new UnresolvableException("Fn::Join needs a list, got " + items);
                }
                yield String.join(String.valueOf(args.get(0)), list.stream().map(String::valueOf).toList());
            }
            case "Fn::Select" -> {
                List<?> args = arguments(function, argument, 2);
                Object items = resolve(args.get(1));
                int index = Integer.parseInt(String.valueOf(resolve(args.get(0))));
                if (!(items instanceof List<?> list) || index < 0 || index >= list.size()) {
                    throw new UnresolvableException("Fn::Select index " + index + " is outside " + items);
                }
                yield list.get(index);
            }
            case "Fn::Sub" -> substitute(argument);
            default -> throw new UnresolvableException(function + " has no value outside a deployed stack");
        };
    }

    private Object reference(String name) {
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        if (PSEUDO_PARAMETERS.containsKey(name)) {
            return PSEUDO_PARAMETERS.get(name);
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        throw new UnresolvableException("Ref " + name + " names a resource, which exists only in a deployed stack");
    }

    private String substitute(Object argument) {
        String text;
        Map<?, ?> variables = Map.of();
        if (argument instanceof List<?> list && list.size() == 2 && list.get(1) instanceof Map<?, ?> vars) {
            text = String.valueOf(list.get(0));
            variables = vars;
        } else {
            text = String.valueOf(argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            String name = matcher.group(2).strip();
            if (!matcher.group(1).isEmpty()) {
                replacement = "${" + matcher.group(2) + "}"; // ${!Literal} stays literally ${Literal}
            } else if (variables.containsKey(name)) {
                replacement = String.valueOf(resolve(variables.get(name)));
            } else if (name.contains(".")) {
                throw new UnresolvableException("${" + name + "} is a resource attribute, known only in a deployed stack");
            } else {
                replacement = String.valueOf(reference(name));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static List<?> arguments(String function, Object argument, int expected) {
        if (!(argument instanceof List<?> list) || (expected >= 0 && list.size() != expected)) {
            throw new IllegalArgumentException(function + " takes " + (expected < 0 ? "a list" : expected + " arguments")
                    + ", got " + argument);
        }
        return list;
    }

    private static boolean truth(Object value) {
        return value instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(value));
    }
}
