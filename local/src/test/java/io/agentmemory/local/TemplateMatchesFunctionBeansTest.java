package io.agentmemory.local;

import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.functions.ApiRoutes;
import io.agentmemory.functions.MemoryFunctionsApplication;
import io.agentmemory.functions.http.HttpFunction;
import io.agentmemory.local.template.FunctionDefinition;
import io.agentmemory.local.template.HttpRoute;
import io.agentmemory.local.template.SamTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template and the function beans name the same routes: a route a bean serves but the template does not wire
 * is unreachable once deployed, and a route the template wires to a bean that does not serve it answers 404. Both
 * come from {@link ApiRoutes}, the API's one route table, as do the 405s' {@code Allow} headers.
 */
class TemplateMatchesFunctionBeansTest {

    @Test
    void everyFunctionBeanServesExactlyTheRoutesTheTemplateGivesItsFunction() {
        SamTemplate template = SamTemplate.load(SamTemplate.find(Path.of("")).orElseThrow(), warning -> { });
        Map<String, Set<String>> wired = new TreeMap<>();
        for (FunctionDefinition function : template.functions().values()) {
            String bean = function.environment().get("spring_cloud_function_definition");
            if (bean == null) {
                continue; // not a Spring function: the migration function's handler is a plain stream handler
            }
            wired.put(bean, function.routes().stream().map(HttpRoute::routeKey).collect(Collectors.toCollection(TreeSet::new)));
        }

        Map<String, Object> settings = new HashMap<>(TestServices.get().environment());
        settings.put("AUTH_MODE", "off");
        Map<String, Set<String>> served = new TreeMap<>();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MemoryFunctionsApplication.class)
                .web(WebApplicationType.NONE).properties(settings).run()) {
            context.getBeansOfType(HttpFunction.class).forEach((bean, function) -> {
                Set<String> routes = function.routes().routes().stream().map(r -> r.method() + " " + r.template())
                        .collect(Collectors.toCollection(TreeSet::new));
                assertThat(routes).as("%s serves its routes of ApiRoutes", bean).isEqualTo(ApiRoutes.servedBy(bean).stream()
                        .map(ApiRoutes.ApiRoute::key).collect(Collectors.toSet()));
                // The ANY routes it is given answer the other methods of its paths: 405 with the whole API's Allow.
                routes.addAll(ApiRoutes.wrongMethodPaths(bean).stream().map(path -> HttpRoute.ANY + " " + path).toList());
                served.put(bean, routes);
            });
        }

        assertThat(wired).isEqualTo(served);
    }

    /**
     * API Gateway answers a method no route of a path names with its own 404; each path's one ANY route takes those
     * methods to a function, which answers 405.
     */
    @Test
    void everyPathOfTheApiHasExactlyOneAnyRoute() {
        SamTemplate template = SamTemplate.load(SamTemplate.find(Path.of("")).orElseThrow(), warning -> { });
        Map<String, Long> anyRoutesByPath = template.routes().stream().collect(Collectors.groupingBy(HttpRoute::path,
                TreeMap::new, Collectors.filtering(route -> route.method().equals(HttpRoute.ANY), Collectors.counting())));
        assertThat(anyRoutesByPath).isNotEmpty().allSatisfy((path, anyRoutes) -> assertThat(anyRoutes).as(path).isEqualTo(1L));
    }
}
