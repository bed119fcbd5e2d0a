package io.agentmemory.local;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line, shaped like the SAM CLI's: {@code [start-api] [--host H] [--port P] [--template T]} or
 * {@code invoke FUNCTION -e EVENT [--template T]} ({@code -e -} reads the event from standard input).
 */
record RunnerOptions(Mode mode, String host, int port, Optional<Path> template, String functionId, String eventFile) {

    enum Mode { START_API, INVOKE, HELP }

    static final String USAGE = """
            usage: start-api [--host 127.0.0.1] [--port 3000] [--template template.yaml]
                   invoke FUNCTION_LOGICAL_ID -e EVENT_FILE [--template template.yaml]   (EVENT_FILE '-' reads standard input)
            """;

    static RunnerOptions parse(String... args) {
        Mode mode = Mode.START_API;
        String host = "127.0.0.1";
        int port = 3000;
        Optional<Path> template = Optional.empty();
        String function = null;
        String event = null;
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("-")) {
            switch (args[0]) {
                case "start-api" -> mode = Mode.START_API;
                case "invoke" -> mode = Mode.INVOKE;
                case "help" -> mode = Mode.HELP;
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            }
            i = 1;
        }
        for (; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--host" -> host = value(args, ++i, arg);
                case "--port", "-p" -> port = port(value(args, ++i, arg));
                case "--template", "-t" -> template = Optional.of(Path.of(value(args, ++i, arg)));
                case "--event", "-e" -> event = value(args, ++i, arg);
                case "--help", "-h" -> mode = Mode.HELP;
                default -> {
                    if (mode == Mode.INVOKE && function == null && !arg.startsWith("-")) {
                        function = arg;
                    } else {
                        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                    }
                }
            }
        }
        if (mode == Mode.INVOKE && (function == null || event == null)) {
            throw new IllegalArgumentException("invoke needs a function's logical id and -e EVENT_FILE");
        }
        return new RunnerOptions(mode, host, port, template, function, event);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number from 0 to 65535, got '" + value + "'");
        }
    }
}
