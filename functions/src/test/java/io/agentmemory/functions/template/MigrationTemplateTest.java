package io.agentmemory.functions.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.functions.testing.DeployedTemplate;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stack migrates its own schema: a custom resource backed by the migration function runs on every new version
 * of the code, and every other function waits for it, so no live alias moves before the schema is migrated. Only
 * the migration function can read the owner's secret.
 */
class MigrationTemplateTest {

    private static final String MIGRATION_FUNCTION = "MigrateSchemaFunction";

    @Test
    void theCustomResourceRunsTheNewVersionOfTheMigrationFunctionOnEveryNewVersionOfTheCode() throws Exception {
        DeployedTemplate template = DeployedTemplate.get();
        JsonNode migration = template.resource("SchemaMigration");
        assertThat(migration.path("Type").asText()).isEqualTo("Custom::SchemaMigration");
        assertThat(migration.path("Properties").path("ServiceToken").path("Ref").asText()).isEqualTo(MIGRATION_FUNCTION + "Aliaslive");
        String version = migration.path("Properties").path("CodeVersion").path("Ref").asText();
        assertThat(template.resource(version).path("Type").asText()).isEqualTo("AWS::Lambda::Version");
        assertThat(template.resource(version).path("Properties").path("FunctionName").path("Ref").asText()).isEqualTo(MIGRATION_FUNCTION);

        JsonNode function = template.resource(MIGRATION_FUNCTION).path("Properties");
        assertThat(function.path("Handler").asText()).endsWith("SchemaMigrationHandler::handleRequest");
        JsonNode variables = function.path("Environment").path("Variables");
        assertThat(variables.path("DATABASE_URL").path("Ref").asText()).as("directly, never through the proxy").isEqualTo("DatabaseUrl");
        assertThat(variables.path("MIGRATION_SECRET_ARN").path("Ref").asText()).isEqualTo("MigrationSecretArn");
        assertThat(variables.path("MIGRATE_ON_INIT").asText()).isEqualTo("false");
    }

    @Test
    void everyOtherFunctionWaitsForTheMigrationsSoNoAliasMovesFirst() throws Exception {
        DeployedTemplate template = DeployedTemplate.get();
        for (Map.Entry<String, JsonNode> function : template.resources("AWS::Lambda::Function").entrySet()) {
            if (function.getKey().equals(MIGRATION_FUNCTION)) {
                continue;
            }
            assertThat(function.getValue().path("DependsOn").toString()).as(function.getKey()).contains("SchemaMigration");
            assertThat(function.getValue().path("Properties").path("Environment").path("Variables").path("MIGRATE_ON_INIT").asText())
                    .isEqualTo("false");
        }
    }

    @Test
    void onlyTheMigrationFunctionCanReadTheOwnersSecret() throws Exception {
        DeployedTemplate template = DeployedTemplate.get();
        for (Map.Entry<String, JsonNode> role : template.resources("AWS::IAM::Role").entrySet()) {
            boolean readsOwnerSecret = role.getValue().toString().contains("\"MigrationSecretArn\"");
            assertThat(readsOwnerSecret).as(role.getKey()).isEqualTo(role.getKey().equals(MIGRATION_FUNCTION + "Role"));
        }
    }
}
