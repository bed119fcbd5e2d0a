package io.agentmemory.local;

import io.agentmemory.engine.testing.TestServices;
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
 * is unreachable once deployed, and a route the template wires to a bean that does not serve it answers 404.
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
            context.getBeansOfType(HttpFunction.class).forEach((bean, function) -> served.put(bean,
                    function.routes().routes().stream().map(r -> r.method() + " " + r.template())
                            .collect(Collectors.toCollection(TreeSet::new))));
        }

        assertThat(wired).isEqualTo(served);
    }
}
