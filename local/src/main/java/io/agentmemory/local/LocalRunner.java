package io.agentmemory.local;

import io.agentmemory.local.lambda.LocalEnvironment;
import io.agentmemory.local.template.SamTemplate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the SAM application on this machine without Docker or an AWS account, from the same {@code template.yaml}:
 * {@code start-api} serves its HTTP API on 127.0.0.1:3000 like {@code sam local start-api}, and
 * {@code invoke FUNCTION -e EVENT} invokes one function like {@code sam local invoke}.
 */
public final class LocalRunner {

    private LocalRunner() {
    }

    public static void main(String[] args) throws Exception {
        RunnerOptions options;
        try {
            options = RunnerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(RunnerOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.mode() == RunnerOptions.Mode.HELP) {
            System.out.print(RunnerOptions.USAGE);
            return;
        }
        Path cwd = Path.of("").toAbsolutePath();
        Path templateFile = options.template().map(Path::toAbsolutePath)
                .or(() -> SamTemplate.find(cwd))
                .orElseThrow(() -> new IllegalArgumentException("no template.yaml in " + cwd + " or its parents; pass --template"));
        if (options.mode() == RunnerOptions.Mode.INVOKE) {
            System.exit(invoke(options, templateFile, LocalEnvironment.forInvoke(System.getenv())));
        }
        serve(options, templateFile, LocalEnvironment.from(System.getenv()));
    }

    private static int invoke(RunnerOptions options, Path templateFile, LocalEnvironment environment) throws IOException {
        byte[] event = readEvent(options.eventFile(), templateFile.getParent());
        // Like sam local invoke: standard output carries the response alone, everything the function logs goes to stderr.
        PrintStream response = System.out;
        System.setOut(System.err);
        SamTemplate template = SamTemplate.load(templateFile, warning -> System.err.println("warning: " + warning));
        return InvokeCommand.run(template, environment, options.functionId(), event, response, System.err);
    }

    private static void serve(RunnerOptions options, Path templateFile, LocalEnvironment environment) throws InterruptedException {
        SamTemplate template = SamTemplate.load(templateFile, warning -> System.out.println("warning: " + warning));
        LocalApi api = LocalApi.start(template, environment, options.host(), options.port(), System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            stopped.countDown();
        }, "local-api-shutdown"));
        stopped.await();
    }

    /** A relative path is read from the working directory, else beside the template (the project directory). */
    private static byte[] readEvent(String eventFile, Path projectDirectory) throws IOException {
        if (eventFile.equals("-")) {
            return System.in.readAllBytes();
        }
        Path path = Path.of(eventFile);
        if (!Files.isRegularFile(path) && !path.isAbsolute() && Files.isRegularFile(projectDirectory.resolve(path))) {
            path = projectDirectory.resolve(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("event file " + eventFile + " not found");
        }
        return Files.readAllBytes(path);
    }
}
