package io.agentmemory.functions;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring context behind every Lambda function. {@code FunctionInvoker} starts it (found through
 * {@code MAIN_CLASS}) and picks one bean by {@code spring_cloud_function_definition}.
 */
@SpringBootApplication(proxyBeanMethods = false, excludeName = {
        // The engine owns its pool, cache client and migrations; Boot must not build a second set from the
        // drivers it finds on the classpath (nor fail because no spring.r2dbc.url is set).
        "org.springframework.boot.autoconfigure.r2dbc.R2dbcAutoConfiguration",
        "org.springframework.boot.autoconfigure.r2dbc.R2dbcTransactionManagerAutoConfiguration",
        "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.redis.RedisReactiveAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.redis.RedisRepositoriesAutoConfiguration"})
public class MemoryFunctionsApplication {

    public static void main(String[] args) {
        SpringApplication.run(MemoryFunctionsApplication.class, args);
    }
}
