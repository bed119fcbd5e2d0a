package io.agentmemory.functions.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

import java.io.IOException;
import java.net.URI;

/**
 * Database credentials from Secrets Manager (the RDS secret format: a JSON object with username and password).
 * Read once at init, so a SnapStart snapshot carries them and no request pays for the call.
 */
public final class DatabaseSecret {

    private DatabaseSecret() {
    }

    public record Credentials(String username, String password) {
    }

    /** @param endpointOverride a local emulator's address, or null for the real service */
    public static Credentials fetch(String secretArn, String endpointOverride) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (endpointOverride != null && !endpointOverride.isBlank()) {
            builder.endpointOverride(URI.create(endpointOverride));
        }
        try (SecretsManagerClient client = builder.build()) {
            String json = client.getSecretValue(r -> r.secretId(secretArn)).secretString();
            JsonNode secret = new ObjectMapper().readTree(json);
            if (!secret.hasNonNull("username") || !secret.hasNonNull("password")) {
                throw new IllegalStateException("database secret must hold 'username' and 'password'");
            }
            return new Credentials(secret.get("username").asText(), secret.get("password").asText());
        } catch (IOException e) {
            throw new IllegalStateException("database secret is not JSON", e);
        }
    }
}
