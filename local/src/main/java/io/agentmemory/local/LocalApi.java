package io.agentmemory.local;

import io.agentmemory.local.gateway.ApiRouter;
import io.agentmemory.local.gateway.LocalHttpApi;
import io.agentmemory.local.lambda.LocalEnvironment;
import io.agentmemory.local.lambda.LocalFunctions;
import io.agentmemory.local.template.HttpRoute;
import io.agentmemory.local.template.SamTemplate;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A template's HTTP API running on this machine: every function that has a route, behind one local gateway. */
public final class LocalApi implements AutoCloseable {

    private final LocalHttpApi server;
    private final String host;

    private LocalApi(LocalHttpApi server, String host) {
        this.server = server;
        this.host = host;
    }

    public static LocalApi start(SamTemplate template, LocalEnvironment environment, String host, int port, PrintStream out) {
        List<HttpRoute> routes = template.routes();
        if (routes.isEmpty()) {
            throw new IllegalArgumentException(template.location() + " declares no HttpApi events to serve");
        }
        Set<String> functionIds = new LinkedHashSet<>();
        routes.forEach(route -> functionIds.add(route.functionId()));
        warnWhereAuthenticationIsOff(template, functionIds, environment, out);
        LocalFunctions functions = LocalFunctions.start(template, functionIds, environment, out::println);
        LocalHttpApi server = LocalHttpApi.start(host, port, new ApiRouter(routes), functions, out);
        LocalApi api = new LocalApi(server, host);
        api.printRoutes(template, routes, out);
        return api;
    }

    public int port() {
        return server.port();
    }

    public String baseUrl() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    @Override
    public void close() {
        server.close();
    }

    private void printRoutes(SamTemplate template, List<HttpRoute> routes, PrintStream out) {
        out.println();
        out.println("Serving " + template.location() + " on " + baseUrl());
        routes.stream().sorted(Comparator.comparing(HttpRoute::path).thenComparing(HttpRoute::method)).forEach(route ->
                out.printf("  %-7s %s%s  ->  %s%n", route.method(), baseUrl(),
                        route.path().equals(HttpRoute.DEFAULT_PATH) ? "/{anything}" : route.path(), route.functionId()));
        template.functions().values().stream().filter(f -> !f.schedules().isEmpty()).forEach(f ->
                out.printf("  schedule %s of %s is not run locally: scripts/run.sh invoke %s -e events/scheduled-sweep.json%n",
                        String.join(", ", f.schedules()), f.logicalId(), f.logicalId()));
        CurlExamples.print(routes, baseUrl(), out);
        out.println("Press Ctrl-C to stop.");
    }

    private static void warnWhereAuthenticationIsOff(SamTemplate template, Set<String> functionIds,
                                                     LocalEnvironment environment, PrintStream out) {
        boolean off = functionIds.stream().map(template::function).anyMatch(environment::authenticationOff);
        if (off) {
            out.println("""
                    !!! ------------------------------------------------------------------------------------- !!!
                    !!! AUTH_MODE=off: no JWT authorizer runs locally, so the functions trust every request and  !!!
                    !!! any caller may read and change any user's memories. Never expose this port.            !!!
                    !!! Set AUTH_MODE=jwt to keep the checks on: requests then need 'Authorization: Bearer JWT'  !!!
                    !!! (the local gateway passes the token's claims on without checking its signature).       !!!
                    !!! ------------------------------------------------------------------------------------- !!!""");
        }
    }
}
