package io.agentmemory.functions.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.engine.store.DatabaseLogin;
import io.agentmemory.engine.store.RereadingCredentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Database credentials from Secrets Manager (the RDS secret format: a JSON object with username and password).
 * Read at init, so a SnapStart snapshot carries them and no request pays for the call; read again only when the
 * database refuses them (after a rotation), at most once per {@link #MINIMUM_REREAD_INTERVAL}.
 */
public final class DatabaseSecret {

    /**
     * A rotation changes the database's password a few seconds before the secret's AWSCURRENT version moves, so a
     * re-read inside that window finds the old login: the next chance should come soon. While the two disagree for
     * longer, an environment reads the secret at most this often, whatever its request rate
     * ({@code DATABASE_SECRET_MIN_REREAD_SECONDS} overrides it).
     */
    public static final Duration MINIMUM_REREAD_INTERVAL = Duration.ofSeconds(5);

    private DatabaseSecret() {
    }

    /**
     * The service's login, read now (a missing or malformed secret fails the init) and read again when the database
     * refuses it. Each read builds its own client: re-reads are rare, and a client kept from before a SnapStart
     * snapshot would hold connections and credentials that the restored copies cannot use.
     */
    public static RereadingCredentials rereadOnRefusal(String secretArn, String endpointOverride, Duration minimumRereadInterval) {
        return RereadingCredentials.readNow(() -> {
            Credentials credentials = fetch(secretArn, endpointOverride);
            return new DatabaseLogin(credentials.username(), credentials.password());
        }, minimumRereadInterval);
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
