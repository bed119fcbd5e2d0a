package io.agentmemory.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Stands in for the HTTP API's JWT authorizer on this machine, so {@code AUTH_MODE=jwt} can be tried locally: a
 * bearer token's claims go where API Gateway puts them ({@code requestContext.authorizer.jwt}), each rendered as
 * a string as API Gateway does. Unlike API Gateway it cannot check the signature, issuer or audience (there is no
 * issuer here), so it trusts any well-formed token; it is never part of a deployment. A malformed or expired
 * token is refused with 401, as API Gateway refuses it; a request without one reaches the function, which decides.
 */
public final class LocalJwtAuthorizer {

    private static final String BEARER = "bearer ";

    private final ObjectMapper json;

    public LocalJwtAuthorizer(ObjectMapper json) {
        this.json = json;
    }

    /** Adds the token's claims to the event, or answers the 401 API Gateway would. */
    public Optional<GatewayResponse> authorize(GatewayRequest request, ObjectNode event) {
        Optional<String> authorization = request.headers().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("authorization"))
                .map(Map.Entry::getValue).findFirst();
        if (authorization.isEmpty()) {
            return Optional.empty();
        }
        String value = authorization.get().strip();
        if (!value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return Optional.of(unauthorized("the Authorization header must be 'Bearer <JWT>'"));
        }
        Optional<JsonNode> claims = claimsOf(value.substring(BEARER.length()).strip());
        if (claims.isEmpty()) {
            return Optional.of(unauthorized("the bearer token is not a JWT"));
        }
        if (claims.get().path("exp").isNumber() && claims.get().path("exp").asLong() < Instant.now().getEpochSecond()) {
            return Optional.of(unauthorized("the bearer token has expired"));
        }
        ObjectNode jwt = ((ObjectNode) event.path("requestContext")).putObject("authorizer").putObject("jwt");
        ObjectNode claimStrings = jwt.putObject("claims");
        claims.get().properties().forEach(claim -> claimStrings.put(claim.getKey(),
                claim.getValue().isValueNode() ? claim.getValue().asText() : claim.getValue().toString()));
        jwt.putNull("scopes");
        return Optional.empty();
    }

    private Optional<JsonNode> claimsOf(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode payload = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return payload != null && payload.isObject() ? Optional.of(payload) : Optional.empty();
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    private GatewayResponse unauthorized(String detail) {
        return GatewayResponse.problem(401, "Unauthorized", detail, json);
    }
}
